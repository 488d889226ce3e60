package io.streetstation.bridge.frame;

import static io.streetstation.bridge.frame.Bytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.link.LinkCounters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per row of the transition table, plus each error kind through the whole parser. */
class FrameParserTest {

    private final LinkCounters counters = new LinkCounters();
    private final List<ParseResult> results = new ArrayList<>();
    private final FrameParser parser = new FrameParser(counters, results::add);

    private static final int CAP = FrameCodec.MAX_ENCODED;

    // ------------------------------------------------------------ transition table

    @Test
    void hunting_data_skipsAndStaysHunting() {
        assertThat(FrameParser.next(new FrameParser.Hunting(3), new FrameParser.Data(5), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Hunting(8), FrameParser.Action.SKIP));
    }

    @Test
    void hunting_delimiter_goesIdle() {
        assertThat(FrameParser.next(new FrameParser.Hunting(3), new FrameParser.Delimiter(), CAP).next())
                .isEqualTo(new FrameParser.Idle());
    }

    @Test
    void idle_data_startsCollecting() {
        assertThat(FrameParser.next(new FrameParser.Idle(), new FrameParser.Data(4), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Collecting(4), FrameParser.Action.APPEND));
    }

    @Test
    void idle_dataOverCapacity_startsDiscarding() {
        assertThat(FrameParser.next(new FrameParser.Idle(), new FrameParser.Data(CAP + 1), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Discarding(CAP + 1), FrameParser.Action.DROP));
    }

    @Test
    void idle_delimiter_isAnIgnoredEmptyFrame() {
        assertThat(FrameParser.next(new FrameParser.Idle(), new FrameParser.Delimiter(), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Idle(), FrameParser.Action.NONE));
    }

    @Test
    void collecting_dataThatFits_keepsCollecting() {
        assertThat(FrameParser.next(new FrameParser.Collecting(CAP - 2), new FrameParser.Data(2), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Collecting(CAP), FrameParser.Action.APPEND));
    }

    @Test
    void collecting_overflow_startsDiscarding() {
        assertThat(FrameParser.next(new FrameParser.Collecting(CAP - 2), new FrameParser.Data(3), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Discarding(CAP + 1), FrameParser.Action.DROP));
    }

    @Test
    void collecting_delimiter_decodes() {
        assertThat(FrameParser.next(new FrameParser.Collecting(20), new FrameParser.Delimiter(), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Idle(), FrameParser.Action.DECODE));
    }

    @Test
    void discarding_data_keepsDropping() {
        assertThat(FrameParser.next(new FrameParser.Discarding(2000), new FrameParser.Data(10), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Discarding(2010), FrameParser.Action.DROP));
    }

    @Test
    void discarding_delimiter_reportsTooLong() {
        assertThat(FrameParser.next(new FrameParser.Discarding(2000), new FrameParser.Delimiter(), CAP))
                .isEqualTo(new FrameParser.Step(new FrameParser.Idle(), FrameParser.Action.REPORT_TOO_LONG));
    }

    // ------------------------------------------------------------ whole parser

    @Test
    void goldenFrame_parses_andCountsOneFrameIn() {
        feed(FrameCodecTest.ROOF_OPEN_WIRE);
        assertThat(results).containsExactly(new ParseResult.Parsed(FrameCodecTest.ROOF_OPEN));
        assertThat(counters.snapshot().framesIn()).isEqualTo(1);
        assertThat(counters.snapshot().frameErrors()).isZero();
    }

    @Test
    void frameSplitIntoSingleBytes_parses() {
        for (byte b : FrameCodecTest.ROOF_OPEN_WIRE) {
            parser.accept(new byte[] {b}, 0, 1);
        }
        assertThat(results).containsExactly(new ParseResult.Parsed(FrameCodecTest.ROOF_OPEN));
    }

    @Test
    void garbageBeforeFirstDelimiter_isSkippedNotCounted() {
        feed(Bytes.concat(bytes(0x55, 0x66, 0x77), FrameCodecTest.ROOF_OPEN_WIRE));
        assertThat(results).hasSize(1).first().isInstanceOf(ParseResult.Parsed.class);
        assertThat(parser.errors().skippedBytes()).isEqualTo(3);
        assertThat(counters.snapshot().frameErrors()).isZero();
    }

    @Test
    void garbageBetweenFrames_isOneCountedError_andTheNextFrameStillParses() {
        feed(FrameCodecTest.ROOF_OPEN_WIRE);
        feed(bytes(0x55, 0x66, 0x77, 0x00));
        feed(FrameCodecTest.ROOF_OPEN_WIRE);
        assertThat(results).hasSize(3);
        assertThat(results.get(1)).isInstanceOf(ParseResult.Malformed.class);
        assertThat(results.get(2)).isInstanceOf(ParseResult.Parsed.class);
        assertThat(counters.snapshot().frameErrors()).isEqualTo(1);
        assertThat(counters.snapshot().framesIn()).isEqualTo(2);
    }

    @Test
    void badCobs_isClassified() {
        feed(bytes(0x00, 0x09, 0x01, 0x02, 0x00)); // code 9 but only 2 bytes follow
        assertOnly(FrameError.BAD_COBS);
    }

    @Test
    void truncatedHeader_isClassified() {
        byte[] wire = FrameCodecTest.ROOF_OPEN_WIRE;
        feed(Arrays.copyOf(wire, 8));   // delimiter + 7 bytes of frame
        feed(bytes(0x00));              // line idle, sender rebooted: delimiter
        assertOnly(FrameError.TRUNCATED);
    }

    @Test
    void corruptedCrc_isClassified() {
        byte[] wire = FrameCodecTest.ROOF_OPEN_WIRE.clone();
        wire[13] ^= 0x01;  // inside the CRC
        feed(wire);
        assertOnly(FrameError.BAD_CRC);
    }

    @Test
    void overlongInput_isDiscardedToTheNextDelimiter_andCountedOnce() {
        byte[] junk = new byte[5000];
        Arrays.fill(junk, (byte) 0x42);
        feed(bytes(0x00));
        feed(junk);
        assertThat(parser.state()).isInstanceOf(FrameParser.Discarding.class);
        feed(FrameCodecTest.ROOF_OPEN_WIRE);  // its leading delimiter ends the junk
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(ParseResult.Malformed.class,
                m -> assertThat(m.error()).isEqualTo(FrameError.TOO_LONG));
        assertThat(results.get(1)).isInstanceOf(ParseResult.Parsed.class);
        assertThat(parser.errors().get(FrameError.TOO_LONG)).isEqualTo(1);
    }

    @Test
    void consecutiveDelimiters_areNotErrors() {
        feed(bytes(0x00, 0x00, 0x00, 0x00));
        assertThat(results).isEmpty();
        assertThat(parser.state()).isEqualTo(new FrameParser.Idle());
    }

    @Test
    void reset_returnsToHunting_andDropsAHalfFrame() {
        byte[] wire = FrameCodecTest.ROOF_OPEN_WIRE;
        feed(Arrays.copyOf(wire, 9));
        parser.reset();
        feed(Arrays.copyOfRange(wire, 9, wire.length));  // tail of the old frame, then its delimiter
        feed(wire);
        assertThat(results).containsExactly(new ParseResult.Parsed(FrameCodecTest.ROOF_OPEN));
        assertThat(counters.snapshot().frameErrors()).isZero();
    }

    @Test
    void chunkWithOffset_readsOnlyTheGivenRange() {
        byte[] buf = Bytes.concat(bytes(0x99, 0x98), FrameCodecTest.ROOF_OPEN_WIRE, bytes(0x97));
        parser.accept(buf, 2, FrameCodecTest.ROOF_OPEN_WIRE.length);
        assertThat(results).containsExactly(new ParseResult.Parsed(FrameCodecTest.ROOF_OPEN));
    }

    private void feed(byte[] b) {
        parser.accept(b, 0, b.length);
    }

    private void assertOnly(FrameError e) {
        assertThat(results).hasSize(1).first().isInstanceOfSatisfying(ParseResult.Malformed.class,
                m -> assertThat(m.error()).isEqualTo(e));
        assertThat(parser.errors().get(e)).isEqualTo(1);
        assertThat(parser.errors().total()).isEqualTo(1);
        assertThat(counters.snapshot().frameErrors()).isEqualTo(1);
    }
}

package io.streetstation.bridge.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.link.LinkCounters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.tinylog.Logger;

/** Random frames, random chunking, random corruption, random noise through the parser. */
class FrameParserProperties {

    // jqwik makes one instance per property, not per try: properties use their own parser
    private final LinkCounters counters = new LinkCounters();
    private final List<ParseResult> results = new ArrayList<>();
    private final FrameParser parser = new FrameParser(counters, results::add);

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<FrameKind> kind = Arbitraries.of(FrameKind.class);
        return Combinators.combine(kind, Arbitraries.of(true, false),
                        Arbitraries.integers().between(0x01, 0xFE), Arbitraries.integers().between(0x01, 0xFF),
                        Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(Frame.MAX_PAYLOAD))
                .as((k, ack, src, dst, seq, type, payload) -> new Frame(Frame.VERSION, k,
                        ack && k == FrameKind.DATA && dst != Frame.BROADCAST, src, dst, seq, type, payload));
    }

    @Property(tries = 2000)
    void anyFrame_survivesEncodeAndParse_inAnyChunking(@ForAll("frames") Frame frame,
                                                       @ForAll @IntRange(min = 1, max = 300) int chunk) {
        List<ParseResult> out = new ArrayList<>();
        FrameParser p = new FrameParser(new LinkCounters(), out::add);
        byte[] wire = FrameCodec.encode(frame);
        for (int at = 0; at < wire.length; at += chunk) {
            p.accept(wire, at, Math.min(chunk, wire.length - at));
        }
        assertThat(out).containsExactly(new ParseResult.Parsed(frame));
    }

    @Property(tries = 300)
    void backToBackFrames_allParse(@ForAll("frames") Frame a, @ForAll("frames") Frame b,
                                   @ForAll("frames") Frame c) {
        List<ParseResult> out = new ArrayList<>();
        FrameParser p = new FrameParser(new LinkCounters(), out::add);
        byte[] wire = Bytes.concat(FrameCodec.encode(a), FrameCodec.encode(b), FrameCodec.encode(c));
        p.accept(wire, 0, wire.length);
        assertThat(out).containsExactly(new ParseResult.Parsed(a), new ParseResult.Parsed(b),
                new ParseResult.Parsed(c));
    }

    /**
     * 100 000 corrupted frames (bit flips, byte changes, truncation, insertion, deletion): none may
     * yield a frame other than the one sent. CRC-32C lets through 2^-32 of random errors, so the
     * expected number of false accepts here is 2.3e-5; one would be a bug. (A zero inserted next to
     * a delimiter only adds an empty frame: the original then arrives intact, which is right.)
     */
    @Test
    void corruptedFrames_areNeverAccepted() {
        SplittableRandom rnd = new SplittableRandom(20260101);
        int trials = 100_000;
        int changed = 0;
        int intact = 0;
        for (int t = 0; t < trials; t++) {
            byte[] payload = new byte[rnd.nextInt(64)];
            rnd.nextBytes(payload);
            Frame f = Frame.data(1 + rnd.nextInt(0xFE), 1 + rnd.nextInt(0xFE), rnd.nextInt(0x10000),
                    rnd.nextInt(0x10000), payload, rnd.nextBoolean());
            byte[] wire = FrameCodec.encode(f);
            byte[] bad = corrupt(wire, rnd);
            if (Arrays.equals(bad, wire)) {
                continue;
            }
            changed++;
            int before = results.size();
            parser.accept(bad, 0, bad.length);
            parser.accept(new byte[] {0}, 0, 1);
            List<ParseResult> got = results.subList(before, results.size());
            for (ParseResult r : List.copyOf(got)) {
                if (r instanceof ParseResult.Parsed p) {
                    assertThat(p.frame()).as("accepted from %s", Bytes.hex(bad)).isEqualTo(f);
                    intact++;
                    got.remove(r);
                }
            }
        }
        assertThat(changed).isGreaterThan(trials * 9 / 10);
        assertThat(intact).isLessThan(changed / 100);
        assertThat(results).noneMatch(r -> r instanceof ParseResult.Parsed);
        assertThat(counters.snapshot().framesIn()).isEqualTo(intact);
        assertThat(counters.snapshot().frameErrors()).isEqualTo(results.size())
                .isEqualTo(parser.errors().total()).isGreaterThanOrEqualTo(changed - intact);
    }

    private static byte[] corrupt(byte[] wire, SplittableRandom rnd) {
        int inner = 1 + rnd.nextInt(wire.length - 2);  // never the delimiters themselves
        byte[] b = wire.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> b[inner] ^= (byte) (1 << rnd.nextInt(8));          // one bit flip
            case 1 -> {                                                   // burst of flips
                for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
                    int at = 1 + rnd.nextInt(wire.length - 2);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 2 -> b[inner] = (byte) (1 + rnd.nextInt(255));           // byte changed (non-zero)
            case 3 -> {                                                   // truncated: sender reset
                b = Arrays.copyOf(wire, inner);
            }
            case 4 -> {                                                   // a byte inserted
                b = new byte[wire.length + 1];
                System.arraycopy(wire, 0, b, 0, inner);
                b[inner] = (byte) rnd.nextInt(256);
                System.arraycopy(wire, inner, b, inner + 1, wire.length - inner);
            }
            default -> {                                                  // a byte lost
                b = new byte[wire.length - 1];
                System.arraycopy(wire, 0, b, 0, inner);
                System.arraycopy(wire, inner + 1, b, inner, wire.length - inner - 1);
            }
        }
        return b;
    }

    /**
     * 10^7 random bytes in random chunks: nothing escapes, memory stays bounded, and every bad
     * frame is counted exactly once (link counter = per-kind total = reported errors).
     */
    @Test
    void tenMillionRandomBytes_neverThrow_andEveryBadFrameIsCounted() {
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] noise = new byte[1 << 20];
        long fed = 0;
        long start = System.nanoTime();
        while (fed < 10_000_000L) {
            rnd.nextBytes(noise);
            int at = 0;
            while (at < noise.length) {
                int n = Math.min(noise.length - at, 1 + rnd.nextInt(4096));
                parser.accept(noise, at, n);
                at += n;
            }
            fed += noise.length;
        }
        long nanos = System.nanoTime() - start;
        Logger.tag("frame").info("parser throughput: {} MB/s on random bytes ({} bytes, {} results)",
                String.format("%.0f", fed / (nanos / 1e9) / 1e6), fed, results.size());

        long malformed = results.stream().filter(r -> r instanceof ParseResult.Malformed).count();
        long parsed = results.size() - malformed;
        assertThat(malformed).isGreaterThan(10_000);  // ~1 delimiter per 256 random bytes
        assertThat(counters.snapshot().frameErrors()).isEqualTo(malformed).isEqualTo(parser.errors().total());
        assertThat(counters.snapshot().framesIn()).isEqualTo(parsed).isZero();
    }

    /** Valid frames embedded in noise: every one comes out, because it carries its own delimiters. */
    @Test
    void framesBetweenNoise_allResynchronise() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<Frame> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(noise);
            parser.accept(noise, 0, noise.length);
            byte[] payload = new byte[rnd.nextInt(200)];
            rnd.nextBytes(payload);
            Frame f = Frame.data(0x10, 0x01, i, 0x0111, payload, true);
            sent.add(f);
            byte[] wire = FrameCodec.encode(f);
            parser.accept(wire, 0, wire.length);
        }
        assertThat(results.stream().filter(r -> r instanceof ParseResult.Parsed)
                .map(r -> ((ParseResult.Parsed) r).frame()).toList()).isEqualTo(sent);
    }
}

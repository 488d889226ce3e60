package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.minimal.Heartbeat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MavPacketParserTest {

    private final List<InboundMessage<?>> got = new ArrayList<>();
    private final MavlinkIngest ingest = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add);

    MavPacketParserTest() {
        ingest.want(Heartbeat.class);
        ingest.want(GlobalPositionInt.class);
        ingest.want(Attitude.class);
        ingest.want(CommandLong.class);
    }

    /** Zeros are noise: enough of them resolves any pending candidate before the next trial. */
    private static final byte[] FLUSH = new byte[PacketParser.MAX_FRAME];

    private void feed(byte[] b) {
        ingest.accept(b, 0, b.length);
    }

    private void assertEveryByteAccountedFor() {
        MavlinkStatistics s = ingest.statistics();
        assertThat(s.noiseBytes() + s.rejectedCandidates() + s.frameBytes() + s.pendingBytes())
                .as("bytes accounted: %s", s).isEqualTo(s.bytesIn());
    }

    @Test
    void validStream_fedOneByteAtATime_deliversEveryFrameInOrder() {
        byte[] all = MavFixtures.concat(MavFixtures.stream(30));
        for (int i = 0; i < all.length; i++) {
            ingest.accept(all, i, 1);
        }
        assertThat(got).hasSize(30);
        assertThat(got).extracting(InboundMessage::sequence).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 30).boxed().toList());
        assertThat(ingest.statistics().lostPackets()).isZero();
        assertEveryByteAccountedFor();
    }

    @Test
    void falseStartClaimingALongFrame_doesNotSwallowTheRealFramesBehindIt() {
        // 0xFD, length 255, no flags: a candidate claiming 267 bytes that starts right before real frames
        byte[] noise = {(byte) 0xFD, (byte) 0xFF, 0x00, 0x00, 0x12};
        List<byte[]> frames = MavFixtures.stream(40);
        List<byte[]> parts = new ArrayList<>();
        parts.add(noise);
        parts.addAll(frames);
        feed(MavFixtures.concat(parts));

        assertThat(got).hasSize(40);
        MavlinkStatistics s = ingest.statistics();
        assertThat(s.rejectedCandidates()).isEqualTo(1);
        assertThat(s.noiseBytes()).isEqualTo(4);
        assertEveryByteAccountedFor();
    }

    @Test
    void falseStartInsideAFrame_withAShortClaim_isRejectedAndTheNextFrameStillArrives() {
        byte[] first = MavFixtures.stream(1).get(0);
        byte[] cut = Arrays.copyOf(first, 7);           // a frame cut short by a glitch
        byte[] next = MavFixtures.stream(2).get(1);
        feed(MavFixtures.concat(List.of(cut, next)));
        assertThat(got).singleElement().satisfies(m -> assertThat(m.payload()).isInstanceOf(GlobalPositionInt.class));
        assertThat(ingest.statistics().crcErrors() + ingest.statistics().unknownIds()).isGreaterThanOrEqualTo(1);
        assertEveryByteAccountedFor();
    }

    @Test
    void unknownMessageId_isCountedNotDelivered() {
        byte[] f = MavFixtures.stream(1).get(0).clone();
        f[7] = (byte) 0x77;                              // msgid 0xFFFF77: unknown to the dialect
        f[8] = (byte) 0xFF;
        f[9] = (byte) 0xFF;
        feed(f);
        assertThat(got).isEmpty();
        assertThat(ingest.statistics().unknownIds()).isEqualTo(1);
        assertEveryByteAccountedFor();
    }

    @Test
    void unknownIncompatFlags_areCountedAndTheFrameDropped_evenWithAValidCrc() {
        byte[] f = MavFixtures.stream(1).get(0).clone();
        f[2] = 0x02;                                      // an incompat flag we do not understand
        int n = f[1] & 0xFF;
        int crc = X25.accumulate(X25.accumulate(X25.INIT, f, 1, 9 + n), MavFixtures.CATALOG.crcExtra(0));
        f[10 + n] = (byte) crc;
        f[11 + n] = (byte) (crc >>> 8);
        feed(f);
        assertThat(got).isEmpty();
        assertThat(ingest.statistics().badIncompatFlags()).isEqualTo(1);
        assertEveryByteAccountedFor();
    }

    @Test
    void crcMismatch_isCountedNotDelivered() {
        byte[] f = MavFixtures.stream(2).get(1).clone();
        f[12] ^= 0x01;
        feed(f);
        assertThat(got).isEmpty();
        assertThat(ingest.statistics().crcErrors()).isEqualTo(1);
    }

    @Test
    void sequenceGapsAndRepeats_areCountedPerSystemAndComponent() {
        List<byte[]> frames = new ArrayList<>(MavFixtures.stream(20));
        frames.subList(5, 8).clear();                    // 3 lost
        frames.add(frames.get(frames.size() - 1));        // 1 repeated
        FrameEncoder enc = MavFixtures.encoder();
        frames.add(enc.v2(MavFixtures.copterHeartbeat(), 200, 2, 1, null)); // another vehicle: no gap yet
        feed(MavFixtures.concat(frames));
        MavlinkStatistics s = ingest.statistics();
        assertThat(s.lostPackets()).isEqualTo(3);
        assertThat(s.duplicates()).isEqualTo(1);
    }

    @Test
    void framesOfUnsubscribedIds_stopAfterCrc_andCountAsFilteredNotErrors() {
        MavlinkIngest onlyHeartbeats = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add);
        onlyHeartbeats.want(Heartbeat.class);
        byte[] all = MavFixtures.concat(MavFixtures.stream(30));
        onlyHeartbeats.accept(all, 0, all.length);
        MavlinkStatistics s = onlyHeartbeats.statistics();
        assertThat(got).hasSize(10);
        assertThat(s.filtered()).isEqualTo(20);
        assertThat(s.decoded()).isEqualTo(10);
        assertThat(s.crcErrors() + s.decodeErrors()).isZero();
    }

    @Test
    void halfACommandFollowedByGarbage_neverBecomesACommand() {
        CommandLong arm = MavGoldenFramesTest.arm();
        byte[] f = MavFixtures.encoder().v2(arm, 0, 255, 190, null);
        byte[] half = Arrays.copyOf(f, f.length / 2);
        byte[] garbage = new byte[600];
        new Random(7).nextBytes(garbage);
        feed(MavFixtures.concat(List.of(half, garbage, MavFixtures.stream(3).get(0))));
        assertThat(got).noneMatch(m -> m.payload() instanceof CommandLong);
        assertEveryByteAccountedFor();
    }

    @Test
    void tenMillionRandomBytes_neverThrow_andEveryByteIsAccountedFor() {
        Random rnd = new Random(20260101);
        byte[] chunk = new byte[4096];
        long total = 0;
        while (total < 10_000_000) {
            rnd.nextBytes(chunk);
            int len = 1 + rnd.nextInt(chunk.length);
            ingest.accept(chunk, 0, len);
            total += len;
        }
        MavlinkStatistics s = ingest.statistics();
        assertThat(s.bytesIn()).isEqualTo(total);
        assertThat(s.rejectedCandidates()).isGreaterThan(10_000);  // ~2/256 of the bytes are start bytes
        assertEveryByteAccountedFor();
        // a frame passing the 16-bit CRC by chance is possible (about 1 in 65,536 candidates)
        assertThat(s.framesIn()).isLessThan(s.rejectedCandidates() / 1000 + 5);
    }

    @Test
    void singleByteCorruption_isAlwaysCaughtByTheCrc() {
        Random rnd = new Random(42);
        List<byte[]> frames = MavFixtures.stream(300);
        int accepted = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] f = frames.get(trial % frames.size()).clone();
            int at = 1 + rnd.nextInt(f.length - 1);       // any byte after the start byte
            f[at] = (byte) (f[at] ^ (1 + rnd.nextInt(255)));
            long before = ingest.statistics().framesIn();
            feed(f);
            feed(FLUSH);
            accepted += (int) (ingest.statistics().framesIn() - before);
        }
        assertThat(accepted).isZero();
    }

    @Test
    void multiByteCorruption_passesOnlyAtCrcOdds() {
        Random rnd = new Random(43);
        List<byte[]> frames = MavFixtures.stream(300);
        int accepted = 0;
        int trials = 30_000;
        for (int trial = 0; trial < trials; trial++) {
            byte[] f = frames.get(trial % frames.size()).clone();
            for (int k = 0; k < 4; k++) {
                int at = 10 + rnd.nextInt(f.length - 10);   // payload and CRC, header intact
                f[at] = (byte) rnd.nextInt(256);
            }
            if (Arrays.equals(f, frames.get(trial % frames.size()))) {
                continue;
            }
            long before = ingest.statistics().framesIn();
            feed(f);
            feed(FLUSH);
            accepted += (int) (ingest.statistics().framesIn() - before);
        }
        // expected about trials / 65536 ≈ 0.5
        assertThat(accepted).isLessThanOrEqualTo(4);
    }
}

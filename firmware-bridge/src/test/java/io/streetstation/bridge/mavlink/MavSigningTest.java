package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.RadioStatus;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavSigningTest {

    private static final byte[] KEY = MavGoldenFramesTest.KEY;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final SigningClock signingClock = new SigningClock(clock);
    private final List<InboundMessage<?>> got = new ArrayList<>();
    private final FrameEncoder enc = MavFixtures.encoder();

    private MavlinkIngest ingest(UnsignedPolicy policy) {
        MavlinkIngest i = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add,
                new SigningConfig(KEY, 0, policy), signingClock, null);
        i.want(Heartbeat.class);
        i.want(RadioStatus.class);
        return i;
    }

    private byte[] signed(int seq, int linkId, long timestamp) {
        return enc.v2(MavFixtures.copterHeartbeat(), seq, 1, 1, new FrameEncoder.Signature(KEY, linkId, timestamp));
    }

    private long now() {
        return SigningClock.units(clock.now());
    }

    private static void feed(MavlinkIngest i, byte[] f) {
        i.accept(f, 0, f.length);
    }

    @Test
    void validSignature_isAccepted() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        feed(i, signed(0, 1, now()));
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.signed()).isTrue();
            assertThat(m.linkId()).isEqualTo(1);
        });
    }

    @Test
    void tamperedPayload_withARecomputedCrc_failsTheSignature() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        byte[] f = signed(0, 1, now());
        f[10] ^= 0x04; // custom_mode
        int n = f[1] & 0xFF;
        int crc = X25.accumulate(X25.accumulate(X25.INIT, f, 1, 9 + n), MavFixtures.CATALOG.crcExtra(0));
        f[10 + n] = (byte) crc;
        f[11 + n] = (byte) (crc >>> 8);
        feed(i, f);
        assertThat(got).isEmpty();
        assertThat(i.statistics().badSignatures()).isEqualTo(1);
        assertThat(i.statistics().crcErrors()).isZero();
    }

    @Test
    void signatureWithAnotherKey_isRejected() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        byte[] other = KEY.clone();
        other[0] ^= 1;
        feed(i, enc.v2(MavFixtures.copterHeartbeat(), 0, 1, 1, new FrameEncoder.Signature(other, 1, now())));
        assertThat(got).isEmpty();
        assertThat(i.statistics().badSignatures()).isEqualTo(1);
    }

    @Test
    void replay_ofTheSameOrAnOlderTimestamp_isRejected_perStream() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        long t = now();
        byte[] first = signed(0, 1, t);
        feed(i, first);
        feed(i, first);                  // exact replay
        feed(i, signed(1, 1, t - 5));    // older
        feed(i, signed(2, 2, t));        // same time, another link id: another stream
        feed(i, signed(3, 1, t + 1));    // newer
        assertThat(got).hasSize(3);
        assertThat(i.statistics().replayed()).isEqualTo(2);
    }

    @Test
    void timestampMoreThanAMinuteBehindOurs_isRejectedAsStale() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        feed(i, signed(0, 1, now() - 6_000_001L));
        feed(i, signed(1, 2, now() - 5_900_000L));
        assertThat(got).hasSize(1);
        assertThat(i.statistics().staleTimestamps()).isEqualTo(1);
    }

    @Test
    void defaultPolicy_rejectsUnsignedFrames_exceptRadioStatus() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        feed(i, enc.v2(MavFixtures.copterHeartbeat(), 0, 1, 1, null));
        feed(i, enc.v2(RadioStatus.builder().rssi(200).build(), 0, 51, 68, null));
        assertThat(got).singleElement().satisfies(m -> assertThat(m.payload()).isInstanceOf(RadioStatus.class));
        assertThat(i.statistics().unsignedRejected()).isEqualTo(1);
    }

    @Test
    void acceptAll_acceptsUnsigned_rejectAll_refusesEvenRadioStatus_listed_acceptsItsIds() {
        byte[] hb = enc.v2(MavFixtures.copterHeartbeat(), 0, 1, 1, null);
        byte[] radio = enc.v2(RadioStatus.builder().rssi(200).build(), 0, 51, 68, null);

        MavlinkIngest all = ingest(UnsignedPolicy.acceptAll());
        feed(all, hb);
        feed(all, radio);
        assertThat(got).hasSize(2);

        got.clear();
        MavlinkIngest none = ingest(UnsignedPolicy.rejectAll());
        feed(none, hb);
        feed(none, radio);
        assertThat(got).isEmpty();
        assertThat(none.statistics().unsignedRejected()).isEqualTo(2);

        got.clear();
        MavlinkIngest listed = ingest(UnsignedPolicy.acceptListed(UnsignedPolicy.HEARTBEAT));
        feed(listed, hb);
        feed(listed, radio);
        assertThat(got).singleElement().satisfies(m -> assertThat(m.payload()).isInstanceOf(Heartbeat.class));
    }

    @Test
    void withoutAKey_signedFramesAreAcceptedUnverified_andCounted() {
        MavlinkIngest plain = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add);
        plain.want(Heartbeat.class);
        feed(plain, signed(0, 1, 1));
        assertThat(got).hasSize(1);
        assertThat(plain.statistics().signedUnverified()).isEqualTo(1);
    }

    @Test
    void ourTimestamps_increaseStrictly_whileTheClockStandsStill_andFollowTheClock() {
        long a = signingClock.next();
        long b = signingClock.next();
        long c = signingClock.next();
        assertThat(b).isEqualTo(a + 1);
        assertThat(c).isEqualTo(b + 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signingClock.next()).isEqualTo(SigningClock.units(clock.now()));
    }

    @Test
    void acceptedIncomingTimestamp_pullsOurTimestampForward() {
        MavlinkIngest i = ingest(UnsignedPolicy.defaultForSignedLink());
        long future = now() + 1_000_000;
        feed(i, signed(0, 1, future));
        assertThat(signingClock.next()).isEqualTo(future + 1);
    }

    @Test
    void signingKey_mustBe32Bytes_andIsNeverPrinted() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SigningConfig(new byte[16], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SigningConfig(KEY, 1).toString()).doesNotContain("0faba9").contains("hidden");
    }
}

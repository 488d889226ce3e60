package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RelayFiguresTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    private static Instant at(long s) {
        return T0.plusSeconds(s);
    }

    @Test
    void theFirstClimbOut_isRampUp_notUncovered_andTheFirstArrivalIsNoHandOff() {
        RelayFigures.Builder b = new RelayFigures.Builder("r", T0);
        b.observe(at(0), false, false);
        assertThat(b.arrived(at(120), "drone-1", null)).isNull();
        b.observe(at(120), true, false);
        RelayFigures f = b.snapshot(at(600));
        assertThat(f.rampUp()).isEqualTo(Duration.ofSeconds(120));
        assertThat(f.covered()).isEqualTo(Duration.ofSeconds(480));
        assertThat(f.coveragePercent()).isEqualTo(100.0);
        assertThat(f.handOffs()).isZero();
    }

    @Test
    void aHandOffWithTheNextAlreadyThere_hasNoGap() {
        RelayFigures.Builder b = new RelayFigures.Builder("r", T0);
        b.observe(at(0), false, false);
        b.arrived(at(100), "drone-1", null);
        b.observe(at(100), true, false);
        assertThat(b.arrived(at(1000), "drone-2", "drone-1")).isEqualTo(new RelayFigures.HandOff("drone-1", "drone-2", Duration.ZERO));
        b.left("drone-1");
        b.observe(at(1000), true, false);
        RelayFigures f = b.snapshot(at(2000));
        assertThat(f.handOffs()).isEqualTo(1);
        assertThat(f.maxGap()).isZero();
        assertThat(f.uncovered()).isZero();
    }

    @Test
    void aLateArrival_isAGap_countedAsUncovered() {
        RelayFigures.Builder b = new RelayFigures.Builder("r", T0);
        b.observe(at(0), false, false);
        b.arrived(at(100), "drone-1", null);
        b.observe(at(100), true, false);
        b.left("drone-1");
        b.observe(at(1000), false, false);
        assertThat(b.arrived(at(1045), "drone-2", null)).isEqualTo(new RelayFigures.HandOff("drone-1", "drone-2", Duration.ofSeconds(45)));
        b.observe(at(1045), true, false);
        RelayFigures f = b.snapshot(at(1900));
        assertThat(f.uncovered()).isEqualTo(Duration.ofSeconds(45));
        assertThat(f.covered()).isEqualTo(Duration.ofSeconds(900 + 855));
        assertThat(f.maxGap()).isEqualTo(Duration.ofSeconds(45));
        assertThat(f.coveragePercent()).isCloseTo(100.0 * 1755 / 1800, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aWeatherHold_isHeld_andTheClimbOutAfterItIsRampUpAgain() {
        RelayFigures.Builder b = new RelayFigures.Builder("r", T0);
        b.observe(at(0), false, false);
        b.arrived(at(100), "drone-1", null);
        b.observe(at(100), true, false);
        b.observe(at(500), true, true);        // rain: held (the drone still up counts as held, not covered)
        b.left("drone-1");
        b.observe(at(520), false, true);
        b.observe(at(2000), false, false);     // weather clears: climb-out again
        assertThat(b.arrived(at(2100), "drone-2", null)).isNull();
        b.observe(at(2100), true, false);
        RelayFigures f = b.snapshot(at(2200));
        assertThat(f.held()).isEqualTo(Duration.ofSeconds(1500));
        assertThat(f.rampUp()).isEqualTo(Duration.ofSeconds(200));
        assertThat(f.covered()).isEqualTo(Duration.ofSeconds(500));
        assertThat(f.uncovered()).isZero();
        assertThat(f.handOffs()).isZero();
    }

    @Test
    void afterStop_nothingMoreIsCounted() {
        RelayFigures.Builder b = new RelayFigures.Builder("r", T0);
        b.observe(at(0), false, false);
        b.arrived(at(60), "drone-1", null);
        b.observe(at(60), true, false);
        b.stop(at(100));
        RelayFigures f = b.snapshot(at(5000));
        assertThat(f.covered()).isEqualTo(Duration.ofSeconds(40));
        assertThat(f.rampUp()).isEqualTo(Duration.ofSeconds(60));
    }
}

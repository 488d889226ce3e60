package io.streetstation.hil.rig.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoofModelTest {

    private final SimTimings t = SimTimings.defaults();

    private static void run(RoofModel roof, Duration total) {
        for (long ms = 0; ms < total.toMillis(); ms += 100) {
            roof.step(Duration.ofMillis(100));
        }
    }

    @Test
    void open_takesTheConfiguredTravelTime_withRunCurrent() {
        RoofModel roof = new RoofModel(t);
        assertThat(roof.open()).isNull();
        run(roof, Duration.ofSeconds(17));
        assertThat(roof.state()).isEqualTo(RoofModel.State.OPENING);
        assertThat(roof.motorCurrentMilliAmps()).isEqualTo(t.roofRunCurrentMilliAmps());
        assertThat(roof.position()).isBetween(90.0, 99.9);
        run(roof, Duration.ofSeconds(1));
        assertThat(roof.state()).isEqualTo(RoofModel.State.OPEN);
        assertThat(roof.motorCurrentMilliAmps()).isZero();
    }

    @Test
    void close_fromOpen_takes20s() {
        RoofModel roof = new RoofModel(t);
        roof.open();
        run(roof, Duration.ofSeconds(18));
        roof.close();
        run(roof, Duration.ofSeconds(19));
        assertThat(roof.state()).isEqualTo(RoofModel.State.CLOSING);
        run(roof, Duration.ofSeconds(1));
        assertThat(roof.state()).isEqualTo(RoofModel.State.CLOSED);
        assertThat(roof.position()).isZero();
    }

    @Test
    void blockedRoof_faultsWithinTwoSeconds_andLatchesUntilReset() {
        RoofModel roof = new RoofModel(t);
        roof.open();
        run(roof, Duration.ofSeconds(5));
        roof.blocked(true);
        run(roof, Duration.ofMillis(1000));
        assertThat(roof.state()).isEqualTo(RoofModel.State.OPENING);
        assertThat(roof.motorCurrentMilliAmps()).isEqualTo(t.roofStallCurrentMilliAmps());
        run(roof, Duration.ofMillis(1000));
        assertThat(roof.state()).isEqualTo(RoofModel.State.FAULT);
        assertThat(roof.faultReason()).contains("stall");
        assertThat(roof.motorCurrentMilliAmps()).isZero();

        roof.blocked(false);
        assertThat(roof.open()).isEqualTo(RoofModel.Refusal.FAULTED);
        assertThat(roof.reset()).isTrue();
        assertThat(roof.state()).isEqualTo(RoofModel.State.STOPPED);
        assertThat(roof.open()).isNull();
    }

    @Test
    void stop_midway_holdsPosition() {
        RoofModel roof = new RoofModel(t);
        roof.open();
        run(roof, Duration.ofSeconds(9));
        roof.stop();
        double p = roof.position();
        run(roof, Duration.ofSeconds(5));
        assertThat(roof.state()).isEqualTo(RoofModel.State.STOPPED);
        assertThat(roof.position()).isEqualTo(p).isBetween(45.0, 55.0);
    }

    @Test
    void closeWhenClosed_isRefusedAsAlreadyThere() {
        assertThat(new RoofModel(t).close()).isEqualTo(RoofModel.Refusal.ALREADY_THERE);
    }
}

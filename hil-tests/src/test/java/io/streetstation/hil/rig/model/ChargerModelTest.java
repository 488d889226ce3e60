package io.streetstation.hil.rig.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChargerModelTest {

    private final SimTimings t = SimTimings.defaults();

    private static Duration chargeUntil(ChargerModel c, double percent) {
        Duration d = Duration.ZERO;
        while (c.percent() < percent && c.state() == ChargerModel.State.CHARGING) {
            c.step(Duration.ofSeconds(1));
            d = d.plusSeconds(1);
        }
        return d;
    }

    @Test
    void twentyToNinety_takesTheConfiguredTime() {
        ChargerModel c = new ChargerModel(t, 20);
        c.contacts(true);
        assertThat(c.start()).isEqualTo(ChargerModel.State.CHARGING);
        Duration d = chargeUntil(c, 90);
        assertThat(d).isBetween(Duration.ofMinutes(32).minusSeconds(2), Duration.ofMinutes(32).plusSeconds(2));
        assertThat(c.currentMilliAmps()).isGreaterThan(7_000);
    }

    @Test
    void aboveNinety_tapers_thenReportsFull() {
        ChargerModel c = new ChargerModel(t, 90);
        c.contacts(true);
        c.start();
        Duration d = chargeUntil(c, 100);
        // the last 10 % take far longer than a tenth of the CC rate would
        assertThat(d).isGreaterThan(Duration.ofMinutes(10));
        assertThat(c.state()).isEqualTo(ChargerModel.State.FULL);
        assertThat(c.currentMilliAmps()).isZero();
    }

    @Test
    void startAbove95_isRefusedWithReason() {
        ChargerModel c = new ChargerModel(t, 96);
        c.contacts(true);
        assertThat(c.start()).isEqualTo(ChargerModel.State.REFUSED);
        assertThat(c.reason()).contains("96.0 %").contains("95 %");
    }

    @Test
    void startWithContactsOpen_isRefused_andOpeningContactsStopsCharging() {
        ChargerModel c = new ChargerModel(t, 40);
        assertThat(c.start()).isEqualTo(ChargerModel.State.REFUSED);
        assertThat(c.reason()).contains("contacts");
        c.contacts(true);
        c.start();
        c.contacts(false);
        assertThat(c.state()).isEqualTo(ChargerModel.State.IDLE);
    }

    @Test
    void fault_latchesUntilReset() {
        ChargerModel c = new ChargerModel(t, 40);
        c.contacts(true);
        c.start();
        c.fault("over-temperature 62 °C");
        assertThat(c.start()).isEqualTo(ChargerModel.State.FAULT);
        c.step(Duration.ofMinutes(5));
        assertThat(c.percent()).isEqualTo(40.0);
        assertThat(c.reset()).isTrue();
        assertThat(c.start()).isEqualTo(ChargerModel.State.CHARGING);
    }
}

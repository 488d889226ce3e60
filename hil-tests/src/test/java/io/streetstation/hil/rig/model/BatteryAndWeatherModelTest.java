package io.streetstation.hil.rig.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatteryAndWeatherModelTest {

    private final SimTimings t = SimTimings.defaults();

    @Test
    void fullPack_lastsTheEnduranceInStillAir() {
        BatteryModel b = new BatteryModel(t, 100);
        for (int s = 0; s < 31 * 60; s++) {
            b.step(Duration.ofSeconds(1), true, 12, 0);
        }
        assertThat(b.percent()).isBetween(2.0, 4.0);
    }

    @Test
    void wind_drainsFaster_andGroundIdleDoesNotDrain() {
        BatteryModel calm = new BatteryModel(t, 100);
        BatteryModel windy = new BatteryModel(t, 100);
        calm.step(Duration.ofMinutes(10), true, 12, 0);
        windy.step(Duration.ofMinutes(10), true, 12, 10);
        assertThat(100 - windy.percent()).isGreaterThan((100 - calm.percent()) * 1.3);
        BatteryModel idle = new BatteryModel(t, 80);
        idle.step(Duration.ofHours(1), false, 0, 10);
        assertThat(idle.percent()).isEqualTo(80.0);
    }

    @Test
    void weatherScript_interpolates_andInjectedRainLastsItsDuration() {
        WeatherModel w = new WeatherModel(List.of(
                new WeatherModel.Point(Duration.ZERO, 2, 1.0, 90, 0, 10, 50),
                new WeatherModel.Point(Duration.ofHours(2), 6, 1.0, 90, 0, 20, 70)), 7);
        w.step(Duration.ofHours(1));
        WeatherModel.Reading r = w.read();
        assertThat(r.wind()).isEqualTo(4.0);
        assertThat(r.temperature()).isEqualTo(15.0);
        assertThat(r.gust()).isEqualTo(4.0);

        w.rain(12.0, Duration.ofMinutes(10));
        assertThat(w.read().rain()).isEqualTo(12.0);
        w.step(Duration.ofMinutes(10));
        assertThat(w.read().rain()).isZero();
    }

    @Test
    void sameSeed_givesTheSameGusts() {
        WeatherModel a = WeatherModel.calm(99);
        WeatherModel b = WeatherModel.calm(99);
        for (int i = 0; i < 50; i++) {
            assertThat(a.read()).isEqualTo(b.read());
            a.step(Duration.ofSeconds(1));
            b.step(Duration.ofSeconds(1));
        }
    }

    @Test
    void gusts_dependOnStationTime_notOnHowOftenTheyAreRead() {
        WeatherModel a = WeatherModel.day(5);
        WeatherModel b = WeatherModel.day(5);
        a.step(Duration.ofHours(14));
        b.step(Duration.ofHours(14));
        WeatherModel.Reading first = a.read();
        for (int i = 0; i < 7; i++) {
            b.read();                       // extra reads (another consumer, a timer tick more) change nothing
        }
        assertThat(b.read()).isEqualTo(first);
        a.step(Duration.ofSeconds(1));
        assertThat(a.read().gust()).as("a new second, a new gust").isNotEqualTo(first.gust());
    }

    @Test
    void scriptedDay_isTheSameForASeed_andDiffersBetweenSeeds_withinStatedBounds() {
        assertThat(WeatherModel.day(11).script()).isEqualTo(WeatherModel.day(11).script());
        assertThat(WeatherModel.day(11).script()).isNotEqualTo(WeatherModel.day(12).script());
        boolean someRain = false;
        for (long seed = 1; seed <= 40; seed++) {
            List<WeatherModel.Point> day = WeatherModel.day(seed).script();
            assertThat(day).hasSize(24 * 6 + 1);
            assertThat(day).allSatisfy(p -> {
                assertThat(p.wind()).isBetween(1.5, 7.0);
                assertThat(p.rain()).isBetween(0.0, 12.0);
                assertThat(p.gustFactor()).isBetween(1.3, 1.9);
            });
            assertThat(day.get(0).wind()).as("calm at midnight").isEqualTo(1.5);
            someRain |= day.stream().anyMatch(p -> p.rain() > 0);
        }
        assertThat(someRain).as("some of 40 days have showers").isTrue();
    }
}

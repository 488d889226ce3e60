package io.streetstation.agent.nest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.config.ConfigException;
import io.streetstation.agent.config.OperationsSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The gate with STATION.md's defaults: wind 8 / gust 12 m/s, rain 2.5 mm/h, −20…45 °C; recall above 12 / 15 m/s, 7.6 mm/h. */
class WeatherGateTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private final OperationsSettings.Weather limits = OperationsSettings.defaults().weather();
    private final WeatherGate gate = new WeatherGate(limits);

    private static WeatherReading calm(Instant at) {
        return new WeatherReading(3, 5, 0, 15, at);
    }

    @Test
    void noReadingYet_holds() {
        assertThat(gate.decide(T0)).isInstanceOf(WeatherGate.Hold.class)
                .extracting(d -> d.reasons().getFirst().code()).isEqualTo("weather.unknown");
    }

    @Test
    void calmWeather_goes() {
        assertThat(gate.update(calm(T0))).isInstanceOf(WeatherGate.Go.class);
        assertThat(gate.decide(T0).mayLaunch()).isTrue();
    }

    @Test
    void aReadingOlderThanStaleAfter_holds_andAFreshOneLifts() {
        gate.update(calm(T0));

        assertThat(gate.decide(T0.plusSeconds(30)).mayLaunch()).isTrue();
        WeatherGate.Decision stale = gate.decide(T0.plusSeconds(31));
        assertThat(stale).isInstanceOf(WeatherGate.Hold.class);
        assertThat(stale.reasons().getFirst().code()).isEqualTo("weather.stale");
        assertThat(stale.reasons().getFirst().text()).contains("31 s old", "limit 30 s");
        assertThat(gate.update(calm(T0.plusSeconds(32))).mayLaunch()).isTrue();
    }

    @Test
    void launchLimits_areTheLastValuesAllowed() {
        assertThat(new WeatherGate(limits).update(new WeatherReading(8.0, 12.0, 2.5, 15, T0)).mayLaunch()).isTrue();
        assertThat(codes(new WeatherGate(limits).update(new WeatherReading(8.1, 5, 0, 15, T0)))).isEqualTo("weather.wind");
        assertThat(codes(new WeatherGate(limits).update(new WeatherReading(3, 12.1, 0, 15, T0)))).isEqualTo("weather.gust");
        assertThat(codes(new WeatherGate(limits).update(new WeatherReading(3, 5, 2.6, 15, T0)))).isEqualTo("weather.rain");
        assertThat(codes(new WeatherGate(limits).update(new WeatherReading(3, 5, 0, -20.1, T0)))).isEqualTo("weather.cold");
        assertThat(codes(new WeatherGate(limits).update(new WeatherReading(3, 5, 0, 45.1, T0)))).isEqualTo("weather.hot");
        assertThat(new WeatherGate(limits).update(new WeatherReading(3, 5, 0, -20, T0)).mayLaunch()).isTrue();
        assertThat(new WeatherGate(limits).update(new WeatherReading(3, 5, 0, 45, T0)).mayLaunch()).isTrue();
    }

    @Test
    void moderateRain_holds_butDoesNotRecall_heavyRainRecalls() {
        WeatherGate.Decision moderate = gate.update(new WeatherReading(3, 5, 5.0, 15, T0));
        assertThat(moderate).isInstanceOf(WeatherGate.Hold.class);
        assertThat(moderate.recall()).isFalse();
        assertThat(moderate.reasons().getFirst().text()).isEqualTo("rain 5 mm/h (moderate), launch limit 2.5 mm/h");

        assertThat(gate.update(new WeatherReading(3, 5, 7.6, 15, T0.plusSeconds(5))).recall()).isFalse();
        WeatherGate.Decision heavy = gate.update(new WeatherReading(3, 5, 7.7, 15, T0.plusSeconds(10)));
        assertThat(heavy).isInstanceOf(WeatherGate.Recall.class);
        assertThat(heavy.recall()).isTrue();
        assertThat(heavy.reasons()).extracting(Reason::code).containsExactly("weather.rain-heavy", "weather.rain");
    }

    @Test
    void windAndGust_recallAboveTheirRecallLimits() {
        assertThat(new WeatherGate(limits).update(new WeatherReading(12.1, 5, 0, 15, T0)).reasons()).extracting(Reason::code)
                .containsExactly("weather.wind-recall", "weather.wind");
        assertThat(new WeatherGate(limits).update(new WeatherReading(5, 15.1, 0, 15, T0)).reasons()).extracting(Reason::code)
                .containsExactly("weather.gust-recall", "weather.gust");
        assertThat(new WeatherGate(limits).update(new WeatherReading(12, 15, 0, 15, T0)).recall()).isFalse();
    }

    @Test
    void afterAHold_theWeatherMustStayGoodForClearAfter_beforeLaunchesResume() {
        gate.update(new WeatherReading(3, 5, 4.0, 15, T0));   // a shower
        gate.update(calm(T0.plusSeconds(20)));                 // it stops

        WeatherGate.Decision clearing = gate.decide(T0.plusSeconds(20));
        assertThat(clearing).isInstanceOf(WeatherGate.Hold.class);
        assertThat(clearing.reasons().getFirst().code()).isEqualTo("weather.clearing");
        assertThat(clearing.reasons().getFirst().text()).contains("within limits for 20 s of the 300 s", "rain 4 mm/h");

        gate.update(calm(T0.plusSeconds(290)));
        assertThat(gate.decide(T0.plusSeconds(299)).mayLaunch()).isFalse();
        assertThat(gate.decide(T0.plusSeconds(300)).mayLaunch()).isTrue();
    }

    @Test
    void aNewShowerDuringClearing_restartsTheWait() {
        gate.update(new WeatherReading(3, 5, 4.0, 15, T0));
        gate.update(calm(T0.plusSeconds(200)));
        gate.update(new WeatherReading(3, 5, 3.0, 15, T0.plusSeconds(250)));
        gate.update(calm(T0.plusSeconds(260)));

        assertThat(gate.decide(T0.plusSeconds(301)).mayLaunch()).isFalse();
        gate.update(calm(T0.plusSeconds(540)));
        assertThat(gate.decide(T0.plusSeconds(550)).mayLaunch()).isTrue();
    }

    @Test
    void clearAfterZero_goesAtOnceWhenTheLimitsAreKept() {
        OperationsSettings.Weather w = limits;
        WeatherGate g = new WeatherGate(new OperationsSettings.Weather(w.windLaunchMax(), w.gustLaunchMax(), w.rainLaunchMax(),
                w.windRecall(), w.gustRecall(), w.rainRecall(), w.temperatureMin(), w.temperatureMax(), w.staleAfter(),
                Duration.ZERO));
        g.update(new WeatherReading(9, 5, 0, 15, T0));

        assertThat(g.update(calm(T0.plusSeconds(1))).mayLaunch()).isTrue();
    }

    @Test
    void aReadingOlderThanTheLatest_isIgnored() {
        gate.update(calm(T0.plusSeconds(10)));

        assertThat(gate.update(new WeatherReading(3, 5, 20, 15, T0)).mayLaunch()).isTrue();
        assertThat(gate.latest()).get().extracting(WeatherReading::rainMmPerH).isEqualTo(0.0);
    }

    @Test
    void limitsThatWouldRecallInWeatherALaunchIsAllowedIn_areAConfigError() {
        OperationsSettings.Weather w = limits;
        assertThatThrownBy(() -> new OperationsSettings.Weather(w.windLaunchMax(), w.gustLaunchMax(), w.rainLaunchMax(),
                7, w.gustRecall(), w.rainRecall(), w.temperatureMin(), w.temperatureMax(), w.staleAfter(), w.clearAfter()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wind-recall: 7.0 is below wind-launch-max 8.0");
        assertThatThrownBy(() -> new OperationsSettings.Weather(w.windLaunchMax(), w.gustLaunchMax(), w.rainLaunchMax(),
                w.windRecall(), w.gustRecall(), w.rainRecall(), 30, 20, w.staleAfter(), w.clearAfter()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("temperature-max 20.0 must be above temperature-min 30.0");
    }

    @Test
    void aReadingOutOfRange_isRefusedAtTheBoundary() {
        assertThatThrownBy(() -> new WeatherReading(-1, 0, 0, 0, T0)).hasMessageContaining("wind -1.0 m/s");
        assertThatThrownBy(() -> new WeatherReading(0, 0, Double.NaN, 0, T0)).hasMessageContaining("rain NaN mm/h");
    }

    @Test
    void theBackupRainSensorWet_holdsInCalmWeather_andItsDryingStartsTheClearAfterWait() {
        gate.update(calm(T0));
        WeatherGate.Decision wet = gate.backupRain(true, T0.plusSeconds(5));

        assertThat(wet).isInstanceOf(WeatherGate.Hold.class);
        assertThat(codes(wet)).isEqualTo("weather.rain-backup");
        assertThat(wet.reasons().getFirst().text()).isEqualTo("the board's backup rain sensor is wet (the weather station reads 0 mm/h)");
        assertThat(gate.update(calm(T0.plusSeconds(10))).mayLaunch()).as("a calm reading does not clear it").isFalse();

        gate.update(calm(T0.plusSeconds(59)));
        WeatherGate.Decision dried = gate.backupRain(false, T0.plusSeconds(60));
        assertThat(codes(dried)).isEqualTo("weather.clearing");
        assertThat(dried.reasons().getFirst().text()).contains("within limits for 0 s of the 300 s", "backup rain sensor");
        gate.update(calm(T0.plusSeconds(359)));
        assertThat(gate.decide(T0.plusSeconds(359)).mayLaunch()).isFalse();
        gate.update(calm(T0.plusSeconds(360)));
        assertThat(gate.decide(T0.plusSeconds(360)).mayLaunch()).isTrue();
    }

    @Test
    void theBackupRainSensor_addsToTheWeatherStationsReasons_neverClearsThem_andRecallsNobody() {
        assertThat(codes(gate.backupRain(true, T0))).as("no reading yet").isEqualTo("weather.unknown,weather.rain-backup");
        assertThat(gate.update(new WeatherReading(3, 5, 4, 15, T0)).reasons()).extracting(Reason::code)
                .containsExactly("weather.rain", "weather.rain-backup");
        assertThat(gate.update(new WeatherReading(3, 5, 9, 15, T0.plusSeconds(1)))).isInstanceOfSatisfying(WeatherGate.Recall.class,
                r -> assertThat(r.reasons()).extracting(Reason::code).containsExactly("weather.rain-heavy", "weather.rain", "weather.rain-backup"));
        assertThat(codes(gate.decide(T0.plusSeconds(40)))).as("stale").isEqualTo("weather.stale,weather.rain-backup");

        WeatherGate dry = new WeatherGate(limits);
        assertThat(dry.backupRain(false, T0)).as("a dry backup sensor lifts no hold").isInstanceOf(WeatherGate.Hold.class);
        assertThat(codes(dry.decide(T0))).isEqualTo("weather.unknown");
        assertThat(dry.update(new WeatherReading(3, 5, 4, 15, T0)).recall()).isFalse();
        assertThat(codes(dry.decide(T0))).isEqualTo("weather.rain");
    }

    @Test
    void aBackupRainSensorThatNeverWasWet_startsNoClearAfterWait() {
        gate.update(calm(T0));
        assertThat(gate.backupRain(false, T0.plusSeconds(1)).mayLaunch()).isTrue();
    }

    private static String codes(WeatherGate.Decision d) {
        return String.join(",", d.reasons().stream().map(Reason::code).toList());
    }
}

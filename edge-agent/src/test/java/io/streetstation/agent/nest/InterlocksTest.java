package io.streetstation.agent.nest;

import static io.streetstation.agent.nest.Actuation.CENTRING_CLAMP;
import static io.streetstation.agent.nest.Actuation.CENTRING_RELEASE;
import static io.streetstation.agent.nest.Actuation.CHARGE_START;
import static io.streetstation.agent.nest.Actuation.DRONE_POWER_ON;
import static io.streetstation.agent.nest.Actuation.LAND;
import static io.streetstation.agent.nest.Actuation.LAUNCH;
import static io.streetstation.agent.nest.Actuation.ROOF_CLOSE;
import static io.streetstation.agent.nest.Actuation.ROOF_OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The interlock table against the rules, written out here independently of the table: for
 * every rule, the view that triggers it, and the actuations it must forbid — every other actuation
 * must not be refused for that reason. Then whole refusals for the situations the station meets.
 */
class InterlocksTest {

    private static final Set<Actuation> ALL = EnumSet.allOf(Actuation.class);
    private static final Set<Actuation> PER_BAY = EnumSet.of(CENTRING_RELEASE, CENTRING_CLAMP, CHARGE_START, DRONE_POWER_ON,
            LAUNCH, LAND);

    /** Roof open, E-stop clear, controller online, weather good; bay 1 holds drone-1 at 80 %, powered, released, idle. */
    static NestView ready() {
        return new NestView(new RoofMachine.Open(), NestView.EStop.CLEAR, true, new WeatherGate.Go(),
                List.of(new BayView(1, true, true, BayView.Centring.RELEASED, BayView.Charger.IDLE, 80, true),
                        BayView.docked(2, 100), BayView.empty(3), BayView.empty(4)),
                Optional.empty(), 50);
    }

    private record Row(String code, UnaryOperator<NestView> trigger, Set<Actuation> forbids) {
    }

    private static Stream<Row> rows() {
        return Stream.of(
                new Row("estop.active", v -> v.withEStop(new NestView.EStop(true, "local button")), ALL),
                new Row("controller.offline", v -> v.withControllerOnline(false), ALL),
                new Row("roof.faulted", v -> v.withRoof(new RoofMachine.Faulted("stall")), EnumSet.of(ROOF_OPEN, ROOF_CLOSE, LAUNCH,
                        LAND)),
                new Row("roof.not-open", v -> v.withRoof(new RoofMachine.Closing(40)), EnumSet.of(LAUNCH, LAND)),
                new Row("corridor.occupied", v -> v.withCorridor(Optional.of("drone-3")), EnumSet.of(ROOF_CLOSE)),
                new Row("corridor.taken", v -> v.withCorridor(Optional.of("drone-3")), EnumSet.of(LAUNCH, LAND)),
                new Row("bay.sensors-disagree", v -> v.withBay(v.bay(1).withPresence(true, false)), PER_BAY),
                new Row("bay.empty", v -> v.withBay(v.bay(1).withPresence(false, false)), EnumSet.of(LAUNCH, CHARGE_START,
                        DRONE_POWER_ON, CENTRING_CLAMP)),
                new Row("bay.occupied", v -> v, EnumSet.of(LAND)),
                new Row("bay.centring", v -> v.withBay(v.bay(1).withCentring(BayView.Centring.CLAMPING)), EnumSet.of(LAUNCH, LAND)),
                new Row("bay.centring-fault", v -> v.withBay(v.bay(1).withCentring(BayView.Centring.FAULT)),
                        EnumSet.of(CENTRING_CLAMP, CENTRING_RELEASE)),
                new Row("bay.not-clamped", v -> v, EnumSet.of(CHARGE_START)),
                new Row("bay.charging", v -> v.withBay(v.bay(1).withCharger(BayView.Charger.CHARGING)), EnumSet.of(LAUNCH)),
                new Row("bay.charger-fault", v -> v.withBay(v.bay(1).withCharger(BayView.Charger.FAULT)), EnumSet.of(CHARGE_START)),
                new Row("drone.unpowered", v -> v.withBay(v.bay(1).withDronePower(false)), EnumSet.of(LAUNCH)),
                new Row("battery.unknown", v -> v.withBay(v.bay(1).withBattery(BayView.UNKNOWN)), EnumSet.of(LAUNCH)),
                new Row("battery.floor", v -> v.withBay(v.bay(1).withBattery(49)), EnumSet.of(LAUNCH)),
                new Row("weather.rain", v -> v.withWeather(new WeatherGate.Hold(List.of(new Reason("weather.rain", "rain 3 mm/h")))),
                        EnumSet.of(LAUNCH)),
                new Row("weather.rain-heavy", v -> v.withWeather(new WeatherGate.Recall(List.of(new Reason("weather.rain-heavy",
                        "rain 9 mm/h")))), EnumSet.of(LAUNCH)));
    }

    @TestFactory
    Stream<DynamicTest> everyRule_forbidsExactlyItsActuations() {
        return rows().map(row -> DynamicTest.dynamicTest(row.code(), () -> {
            NestView triggered = row.trigger().apply(ready());
            for (Actuation a : Actuation.values()) {
                assertThat(codes(a, triggered)).as("%s with %s", a, row.code()).matches(
                        c -> c.contains(row.code()) == row.forbids().contains(a), row.forbids().contains(a)
                                ? "refused for " + row.code() : "not refused for " + row.code());
            }
        }));
    }

    @Test
    void theReadyView_permitsALaunchFromBay1_andARoofClose() {
        assertThat(Interlocks.check(request(LAUNCH), ready())).isEmpty();
        assertThat(Interlocks.check(Interlocks.Request.roof(ROOF_CLOSE), ready())).isEmpty();
        assertThat(Interlocks.check(Interlocks.Request.drone(LAND, 3, "drone-3"), ready())).isEmpty();
    }

    @Test
    void aRefusal_listsEveryReasonThatApplies_inTableOrder_withTheNumbers() {
        NestView v = ready().withRoof(new RoofMachine.Closed())
                .withBay(ready().bay(1).withBattery(42))
                .withWeather(new WeatherGate.Hold(List.of(new Reason("weather.wind", "wind 9.5 m/s, launch limit 8 m/s"),
                        new Reason("weather.rain", "rain 3.1 mm/h (moderate), no launch from 2.5 mm/h"))));

        List<Refusal> refusals = Interlocks.check(request(LAUNCH), v);

        assertThat(refusals).extracting(Refusal::code).containsExactly("roof.not-open", "battery.floor", "weather.wind",
                "weather.rain");
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.action()).isEqualTo(LAUNCH);
            assertThat(r.bay()).isEqualTo(1);
        });
        assertThat(refusals.get(0).reason()).contains("roof is closed");
        assertThat(refusals.get(1).reason()).contains("42 %", "launch floor 50 %");
        assertThat(refusals.get(2).toString()).isEqualTo("launch bay 1 refused [weather.wind]: wind 9.5 m/s, launch limit 8 m/s");
    }

    @Test
    void theDroneInTheCorridor_isNotBlockedByItself_butAnyOtherIs() {
        NestView v = ready().withCorridor(Optional.of("drone-1"));

        assertThat(codes(Interlocks.Request.drone(LAUNCH, 1, "drone-1"), v)).doesNotContain("corridor.taken");
        assertThat(codes(Interlocks.Request.drone(LAND, 3, "drone-3"), v)).contains("corridor.taken");
        assertThat(codes(Interlocks.Request.roof(ROOF_CLOSE), v)).containsExactly("corridor.occupied");
    }

    @Test
    void landing_isNeverHeldForWeather_evenARecall() {
        NestView v = ready().withWeather(new WeatherGate.Recall(List.of(new Reason("weather.gust-recall", "gusts 16 m/s"))));

        assertThat(Interlocks.check(Interlocks.Request.drone(LAND, 3, "drone-3"), v)).isEmpty();
    }

    @Test
    void theBatteryFloor_isInclusive_50PercentLaunches_49DoesNot() {
        assertThat(codes(request(LAUNCH), ready().withBay(ready().bay(1).withBattery(50)))).isEmpty();
        assertThat(codes(request(LAUNCH), ready().withBay(ready().bay(1).withBattery(49)))).containsExactly("battery.floor");
    }

    @Test
    void breaches_seeTheRoofMovingUnderAnEStop_andClosingOnADrone() {
        NestView estop = ready().withEStop(new NestView.EStop(true, "remote button"));
        assertThat(Interlocks.breaches(estop.withRoof(new RoofMachine.Opening(30)))).singleElement().asString()
                .contains("opening (30 %)", "remote button");
        assertThat(Interlocks.breaches(estop.withRoof(new RoofMachine.Stopped(30, "E-stop")))).isEmpty();
        assertThat(Interlocks.breaches(ready().withRoof(new RoofMachine.Closing(60)).withCorridor(Optional.of("drone-2"))))
                .singleElement().asString().contains("closing", "drone-2");
        assertThat(Interlocks.breaches(ready().withRoof(new RoofMachine.Opening(60)).withCorridor(Optional.of("drone-2"))))
                .isEmpty();
    }

    @Test
    void aRequest_mustNameABay_exactlyWhenItsActuationIsPerBay() {
        assertThatThrownBy(() -> Interlocks.Request.bay(LAUNCH, 0)).hasMessageContaining("launch needs a bay 1..4");
        assertThatThrownBy(() -> Interlocks.Request.bay(CHARGE_START, 5)).hasMessageContaining("needs a bay");
        assertThatThrownBy(() -> new Interlocks.Request(ROOF_OPEN, 2, Optional.empty())).hasMessageContaining("roof_open takes no bay");
    }

    private static Interlocks.Request request(Actuation a) {
        return switch (a) {
            case ROOF_OPEN, ROOF_CLOSE -> Interlocks.Request.roof(a);
            case LAUNCH -> Interlocks.Request.drone(a, 1, "drone-1");
            case LAND -> Interlocks.Request.drone(a, 1, "drone-1");
            default -> Interlocks.Request.bay(a, 1);
        };
    }

    private static List<String> codes(Actuation a, NestView v) {
        return codes(request(a), v);
    }

    private static List<String> codes(Interlocks.Request r, NestView v) {
        return Interlocks.check(r, v).stream().map(Refusal::code).toList();
    }
}

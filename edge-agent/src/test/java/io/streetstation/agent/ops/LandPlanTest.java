package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.FakeNestController;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherReading;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A landing into bay 2 through the real nest actor and job runner, with fakes that keep STATION.md's timings. */
class LandPlanTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final OperationsSettings SETTINGS = OperationsSettings.defaults();

    private final ManualClock clock = new ManualClock(T0);
    private final FakeNestController controller = new FakeNestController(clock);
    private final FakeDrone drone = new FakeDrone(clock, T0);
    private Nest nest;
    private JobRunner runner;

    @BeforeEach
    void start() {
        nest = new Nest(SETTINGS, controller, clock, new Nest.Listener() { }, Runnable::run);
        controller.attach(nest);
        nest.controllerOnline(true);
        nest.weatherReported(new WeatherReading(3, 5, 0, 15, T0));
        controller.report();
        nest.bayReported(BayView.empty(2));
        runner = new JobRunner(clock, new JobRunner.Listener() { }, Runnable::run);
        drone.flyingAt(30);
        drone.onTouchdown = () -> nest.bayReported(BayView.empty(2).withPresence(true, true).withDronePower(true).withBattery(35));
    }

    private JobRunner.Handle land() {
        return runner.start(LandPlan.of("land-1", 2, drone, nest, SETTINGS, Duration.ofMinutes(3), clock));
    }

    @Test
    void theDroneComesDownThroughTheOpenRoof_isClamped_andCharges_whileTheRoofCloses() {
        JobRunner.Handle h = land();

        clock.advance(Duration.ofSeconds(18));
        assertThat(nest.view().corridor()).contains("drone-2");
        assertThat(drone.log).containsExactly("return to launch @18");
        clock.advance(Duration.ofSeconds(15 + 4));
        assertThat(nest.view().corridor()).as("free once the drone is clamped").isEmpty();
        clock.advance(Duration.ofSeconds(20));

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
        assertThat(drone.log).containsExactly("return to launch @18", "touchdown @33");
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(nest.view().bay(2).centring()).isEqualTo(BayView.Centring.CLAMPED);
        assertThat(nest.view().bay(2).charger()).isEqualTo(BayView.Charger.CHARGING);
        assertThat(nest.view().bay(2).dronePower()).isFalse();
        assertThat(controller.bayCommands).containsExactly("2 CENTRING_CLAMP", "2 DRONE_POWER_OFF", "2 CHARGE_START");
    }

    @Test
    void aBayThatStillHoldsADrone_refusesTheLanding_andTheDroneIsNotCalledDown() {
        nest.bayReported(BayView.docked(2, 90));
        JobRunner.Handle h = land();

        clock.advance(Duration.ofSeconds(20));

        assertThat(h.outcome().toCompletableFuture().join()).isInstanceOfSatisfying(JobMachine.Failed.class, f -> {
            assertThat(f.step()).isEqualTo("enter the corridor");
            assertThat(f.reason()).contains("bay.occupied: bay 2 already holds a drone");
        });
        assertThat(drone.log).isEmpty();
        assertThat(nest.view().roof()).as("left open: the drone is still out").isEqualTo(new RoofMachine.Open());
    }

    @Test
    void aMissedLanding_takesOffAgainAndRetries_andTheSecondTryLandsOnTheBay() {
        drone.misses = 1;
        JobRunner.Handle h = land();
        clock.advance(Duration.ofMinutes(2));

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
        // down off the bay at 33, 5 s for the sensors, up at 3 m/s to 9 m, home again, 15 s precision landing
        assertThat(drone.log).containsExactly("return to launch @18", "touchdown off the bay @33", "take off 10.0 m @38",
                "return to launch @41", "touchdown @56");
        assertThat(nest.view().bay(2).charger()).isEqualTo(BayView.Charger.CHARGING);
    }

    @Test
    void afterAMiss_theTakeOffAgainIsHandedOffTheTimer_notRunByTheSensorTimeout() {
        // the sensors' 5 s timeout is a clock timer: the next step (take off again) must not run inside it,
        // or on the board a slow step would hold every other timer of the station (ACK retries, heartbeats)
        boolean[] inHandOff = {false};
        clock.completeThrough(r -> {
            inHandOff[0] = true;
            try {
                r.run();
            } finally {
                inHandOff[0] = false;
            }
        });
        java.util.List<Boolean> takeOffsHandedOff = new java.util.ArrayList<>();
        drone.onTakeOff = () -> takeOffsHandedOff.add(inHandOff[0]);
        drone.misses = 1;
        JobRunner.Handle h = land();
        clock.advance(Duration.ofMinutes(2));

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
        assertThat(takeOffsHandedOff).containsExactly(true);
    }

    @Test
    void missedThreeTimes_withoutAnAlternatePoint_failsWithTheCount_andTheDroneStaysDown() {
        drone.misses = 3;
        JobRunner.Handle h = land();
        clock.advance(Duration.ofMinutes(3));

        assertThat(h.outcome().toCompletableFuture().join()).isInstanceOfSatisfying(JobMachine.Failed.class, f -> {
            assertThat(f.step()).isEqualTo("land on bay 2");
            assertThat(f.reason()).isEqualTo("drone-2 missed bay 2 3 times (down, but not on both presence sensors)");
            assertThat(f.safeStateFailures()).singleElement().asString().contains("no alternate point is configured");
        });
        assertThat(drone.log.stream().filter(l -> l.startsWith("touchdown off the bay"))).hasSize(3);
        assertThat(drone.airborne()).isFalse();
        assertThat(controller.bayCommands).as("nothing clamps on a drone that is not there").isEmpty();
    }

    @Test
    void missedThreeTimes_withAnAlternatePoint_landsThere() {
        OperationsSettings d = SETTINGS;
        OperationsSettings withAlternate = new OperationsSettings(d.weather(), d.launch(), new OperationsSettings.Land(
                d.land().deadline(), 3, java.util.Optional.of(new OperationsSettings.Point(36.8125, 118.0552))), d.roof(), d.flight(),
                d.patrols());
        drone.misses = 3;
        JobRunner.Handle h = runner.start(LandPlan.of("land-1", 2, drone, nest, withAlternate, Duration.ofMinutes(3), clock));
        clock.advance(Duration.ofMinutes(4));

        assertThat(h.outcome().toCompletableFuture().join()).isInstanceOfSatisfying(JobMachine.Failed.class, f -> {
            assertThat(f.reason()).contains("missed bay 2 3 times");
            assertThat(f.safeStateFailures()).isEmpty();
        });
        assertThat(drone.log).anyMatch(l -> l.startsWith("go to GeoPoint[lat=36.8125, lon=118.0552]"))
                .anyMatch(l -> l.startsWith("land here"));
        assertThat(nest.view().corridor()).as("out of the corridor on its way to the pad").isEmpty();
    }

    @Test
    void landingIsNotHeldForRain() {
        nest.weatherReported(new WeatherReading(3, 5, 9.0, 15, T0));   // heavy rain: a recall, not a reason to stay up
        JobRunner.Handle h = land();
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(1));
            nest.weatherReported(new WeatherReading(3, 5, 9.0, 15, clock.now()));
        }

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
    }
}

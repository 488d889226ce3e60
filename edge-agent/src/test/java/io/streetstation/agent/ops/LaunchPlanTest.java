package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.FakeNestController;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherReading;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A launch from bay 2 through the real nest actor (roof machine, interlocks) and job runner, with
 * a fake controller and a fake drone that keep STATION.md's timings, on a manual clock.
 */
class LaunchPlanTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final OperationsSettings SETTINGS = OperationsSettings.defaults();

    private final ManualClock clock = new ManualClock(T0);
    private final FakeNestController controller = new FakeNestController(clock);
    private final FakeDrone drone = new FakeDrone(clock, T0);
    private final List<String> steps = new ArrayList<>();
    private Nest nest;
    private JobRunner runner;

    @BeforeEach
    void start() {
        nest = new Nest(SETTINGS, controller, clock, new Nest.Listener() { }, Runnable::run);
        controller.attach(nest);
        nest.controllerOnline(true);
        nest.weatherReported(new WeatherReading(3, 5, 0, 15, T0));
        controller.report();
        nest.bayReported(BayView.docked(2, 90));
        runner = new JobRunner(clock, new JobRunner.Listener() {
            @Override
            public void stepStarted(Plan job, Step step, Instant at) {
                steps.add("start " + step.name() + " @" + (at.getEpochSecond() - T0.getEpochSecond()));
            }

            @Override
            public void stepFailed(Plan job, Step step, String reason, Duration took) {
                steps.add("failed " + step.name() + ": " + reason);
            }
        }, Runnable::run);
    }

    private JobRunner.Handle launch() {
        return runner.start(LaunchPlan.of("launch-1", 2, drone, nest, SETTINGS));
    }

    private void keepWeatherFresh(int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            nest.weatherReported(new WeatherReading(3, 5, 0, 15, clock.now()));
        }
    }

    @Test
    void theDroneBootsAndTheBarsLetGo_whileTheRoofOpens_thenItTakesOffAndLeavesTheCorridor() {
        JobRunner.Handle h = launch();

        assertThat(steps).containsExactly("start check launch conditions @0", "start open roof @0",
                "start power on and check drone-2 @0", "start release centring bay 2 @0");
        keepWeatherFresh(18);
        assertThat(steps).contains("start take off @18");
        assertThat(drone.log).containsExactly("heartbeat @8", "preflight floor 50 @8", "guided @8", "take off 30.0 m @18");
        assertThat(nest.view().corridor()).contains("drone-2");

        keepWeatherFresh(5);

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
        assertThat(nest.view().corridor()).isEmpty();
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Open());
        assertThat(controller.bayCommands).containsExactly("2 DRONE_POWER_ON", "2 CENTRING_RELEASE");
    }

    @Test
    void inRain_theTakeOffIsRefusedWithTheReason_andTheDroneIsPutAway_andTheRoofClosed() {
        JobRunner.Handle h = launch();
        clock.advance(Duration.ofSeconds(10));
        nest.weatherReported(new WeatherReading(3, 5, 4.0, 15, clock.now()));   // moderate rain
        keepWeatherFreshRaining(8);
        clock.advance(Duration.ofSeconds(40));

        JobMachine.Outcome o = h.outcome().toCompletableFuture().join();
        assertThat(o).isInstanceOfSatisfying(JobMachine.Failed.class, f -> {
            assertThat(f.step()).isEqualTo("take off");
            assertThat(f.reason()).contains("interlocks: weather.rain: rain 4 mm/h (moderate)");
            assertThat(f.safeStateFailures()).isEmpty();
        });
        assertThat(drone.log).noneMatch(l -> l.startsWith("take off"));
        assertThat(controller.bayCommands).containsExactly("2 DRONE_POWER_ON", "2 CENTRING_RELEASE", "2 DRONE_POWER_OFF",
                "2 CENTRING_CLAMP");
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(nest.view().corridor()).isEmpty();
    }

    @Test
    void whenItRainsAlready_theLaunchFailsAtItsCheck_andNothingMoves() {
        nest.weatherReported(new WeatherReading(3, 5, 4.0, 15, T0));
        nest.bayReported(BayView.docked(2, 30));

        JobMachine.Outcome o = launch().outcome().toCompletableFuture().join();

        assertThat(o).isInstanceOfSatisfying(JobMachine.Failed.class, f -> {
            assertThat(f.step()).isEqualTo("check launch conditions");
            assertThat(f.reason()).startsWith("launch conditions: ").contains("battery.floor", "weather.rain")
                    .doesNotContain("roof.not-open", "bay.centring", "drone.unpowered");
            assertThat(f.safeStateFailures()).isEmpty();
        });
        assertThat(controller.sent).as("the roof never moved").isEmpty();
        assertThat(controller.bayCommands).isEmpty();
        assertThat(drone.log).isEmpty();
    }

    @Test
    void aChargingDrone_stopsCharging_beforeItIsPoweredOn() {
        nest.bayReported(BayView.docked(2, 90).withCharger(BayView.Charger.CHARGING));
        JobRunner.Handle h = launch();
        keepWeatherFresh(23);

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
        assertThat(controller.bayCommands).startsWith("2 CHARGE_STOP", "2 DRONE_POWER_ON");
    }

    @Test
    void aRoofStall_failsTheLaunch_theDroneStaysDown_andThePowerGoesOff() {
        controller.stallAt = 40;
        JobRunner.Handle h = launch();
        keepWeatherFresh(30);

        JobMachine.Outcome o = h.outcome().toCompletableFuture().join();
        assertThat(o).isInstanceOfSatisfying(JobMachine.Failed.class, f -> {
            assertThat(f.step()).isEqualTo("open roof");
            assertThat(f.reason()).contains("controller fault 0x0102");
            assertThat(f.safeStateFailures()).singleElement().asString().startsWith("close roof: ").contains("faulted");
        });
        assertThat(drone.log).noneMatch(l -> l.startsWith("take off"));
        assertThat(controller.bayCommands).contains("2 DRONE_POWER_OFF", "2 CENTRING_CLAMP");
    }

    @Test
    void aDroneThatNeverLeavesTheCorridor_isSentHome_andTheRoofStaysOpenForIt() {
        drone.stuckBelow = 6;
        JobRunner.Handle h = launch();
        keepWeatherFresh(18 + 31);

        JobMachine.Outcome o = h.outcome().toCompletableFuture().join();
        assertThat(o).isInstanceOfSatisfying(JobMachine.Failed.class, f -> assertThat(f.step()).isEqualTo("leave the corridor"));
        assertThat(drone.log).anyMatch(l -> l.startsWith("return to launch"));
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Open());
        assertThat(nest.view().corridor()).contains("drone-2");
    }

    private void keepWeatherFreshRaining(int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            nest.weatherReported(new WeatherReading(3, 5, 4.0, 15, clock.now()));
        }
    }
}

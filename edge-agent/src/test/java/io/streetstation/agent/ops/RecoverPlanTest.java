package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.job.Listeners;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.journal.DroneObservation;
import io.streetstation.agent.journal.JournalListener;
import io.streetstation.agent.journal.OperationsJournal;
import io.streetstation.agent.journal.Reconciler;
import io.streetstation.agent.journal.RecoveryDecision;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.FakeNestController;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart mid-launch, end to end: the journal of the run that died, the real nest actor (roof
 * machine, interlocks) on a fake controller, a fake drone, the reconciler's decision and the
 * recover job on the job runner with the journal listening, on a manual clock. What the fakes were
 * sent is asserted exactly: nothing already in effect is sent again.
 */
class RecoverPlanTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final OperationsSettings SETTINGS = OperationsSettings.defaults();
    /** Bay 2 as a launch leaves it after its first stage: drone powered, bars released. */
    private static final BayView LAUNCHING_2 = BayView.docked(2, 80).withCentring(BayView.Centring.RELEASED)
            .withDronePower(true);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final FakeNestController controller = new FakeNestController(clock);
    private final FakeDrone drone = new FakeDrone(clock, T0);
    private final List<String> steps = new ArrayList<>();
    private final List<String> alarms = new ArrayList<>();
    private OperationsJournal journal;
    private JournalListener journalListener;
    private Nest nest;
    private JobRunner runner;

    @BeforeEach
    void start() {
        // the run that died: a launch of drone-2 whose first stage was under way
        try (OperationsJournal before = openJournal()) {
            before.jobStarted("launch-1", "launch", Map.of("bay", "2", "drone", "drone-2"));
            before.stepStarted("launch-1", "check launch conditions");
            before.stepSucceeded("launch-1", "check launch conditions");
            before.stepStarted("launch-1", "open roof");
            before.stepStarted("launch-1", "power on and check drone-2");
            before.stepStarted("launch-1", "release centring bay 2");
        }
        // this run
        journal = openJournal();
        journalListener = new JournalListener(journal);
        nest = new Nest(SETTINGS, controller, clock, new Nest.Listener() { }, Runnable::run);
        controller.attach(nest);
        nest.controllerOnline(true);
        runner = new JobRunner(clock, Listeners.both(journalListener, new JobRunner.Listener() {
            @Override
            public void stepStarted(Plan job, Step step, Instant at) {
                steps.add("start " + step.name() + " @" + (at.getEpochSecond() - T0.getEpochSecond()));
            }

            @Override
            public void stepFailed(Plan job, Step step, String reason, Duration took) {
                steps.add("failed " + step.name() + ": " + reason);
            }
        }), Runnable::run);
    }

    @AfterEach
    void stop() {
        journal.close();
    }

    private OperationsJournal openJournal() {
        return OperationsJournal.open(dir.resolve("operations.db"), OperationsJournal.Config.defaults(), clock::now, a -> { });
    }

    /** The controller's first reports after the restart: the roof at {@code percent}, still; bay 2 as given. */
    private void hardwareReports(int roofPercent, BayView bay2) {
        controller.position = roofPercent;
        controller.report();
        nest.bayReported(bay2);
    }

    private RecoveryDecision decide(DroneObservation d) {
        return Reconciler.decide(journal.unfinished(), nest.view(), List.of(d), Reconciler.Policy.callEveryoneHome());
    }

    private JobMachine.Outcome recover(RecoveryDecision decision, int seconds) {
        Plan plan = RecoverPlan.of("recover-1", decision, nest, Map.of("drone-2", drone), SETTINGS, alarms::add,
                (id, reason) -> journal.jobFinished(id, reason));
        journalListener.jobStarted(plan, Map.of());
        JobRunner.Handle h = runner.start(plan);
        clock.advance(Duration.ofSeconds(seconds));
        return h.outcome().toCompletableFuture().getNow(null);
    }

    @Test
    void droneOnTheGround_roofOpen_barsReleased_powered_powerOffClampChargeThenCloseRoof_neverOpenAgain() {
        hardwareReports(100, LAUNCHING_2);

        JobMachine.Outcome o = recover(decide(DroneObservation.grounded("drone-2", 2)), 40);

        assertThat(o).isEqualTo(new JobMachine.Succeeded());
        assertThat(controller.bayCommands).containsExactly("2 DRONE_POWER_OFF", "2 CENTRING_CLAMP", "2 CHARGE_START");
        assertThat(controller.sent).containsExactly(Nest.RoofMotion.CLOSE);
        assertThat(drone.log).isEmpty();
        assertThat(steps).containsExactly("start report findings @0", "start secure bay 2 @0", "start close roof @4",
                "start close 1 unfinished job(s) @24");
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(journal.unfinished()).isEmpty();
        assertThat(journal.outcome("launch-1")).startsWith("abandoned: the agent stopped while it ran (under way: open roof, "
                + "power on and check drone-2, release centring bay 2)");
        assertThat(journal.outcome("recover-1")).isEqualTo("succeeded");
    }

    @Test
    void droneAirborne_roofOpen_onlyTheReturnIsSent_noRoofNoBay() {
        hardwareReports(100, BayView.empty(2));
        drone.flyingAt(30);

        JobMachine.Outcome o = recover(decide(DroneObservation.flying("drone-2", 2, "GUIDED", 70)), 5);

        assertThat(o).isEqualTo(new JobMachine.Succeeded());
        assertThat(drone.log).containsExactly("return to launch @0");
        assertThat(controller.sent).isEmpty();
        assertThat(controller.bayCommands).isEmpty();
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Open());
    }

    @Test
    void droneAirborne_roofFoundStoppedPartWay_theRoofOpensFirst_thenTheDroneIsCalledHome() {
        hardwareReports(40, BayView.empty(2));
        drone.flyingAt(30);

        JobMachine.Outcome o = recover(decide(DroneObservation.flying("drone-2", 2, "GUIDED", 70)), 15);

        assertThat(o).isEqualTo(new JobMachine.Succeeded());
        assertThat(controller.sent).containsExactly(Nest.RoofMotion.OPEN);
        assertThat(drone.log).containsExactly("return to launch @11");   // 60 % of 18 s
        assertThat(controller.bayCommands).isEmpty();
    }

    @Test
    void everythingAlreadySafe_noFrameAtAll_theLaunchIsClosed() {
        hardwareReports(0, BayView.docked(2, 80).withCharger(BayView.Charger.CHARGING));

        RecoveryDecision d = decide(DroneObservation.silent("drone-2", 2));
        JobMachine.Outcome o = recover(d, 5);

        assertThat(d.actuates()).isFalse();
        assertThat(o).isEqualTo(new JobMachine.Succeeded());
        assertThat(controller.sent).isEmpty();
        assertThat(controller.bayCommands).isEmpty();
        assertThat(steps).containsExactly("start report findings @0", "start close 1 unfinished job(s) @0");
        assertThat(journal.unfinished()).isEmpty();
    }

    @Test
    void aBayThatReportsThePowerOffBetweenDecisionAndAction_isNotSentItAgain() {
        hardwareReports(0, LAUNCHING_2);
        RecoveryDecision d = decide(DroneObservation.grounded("drone-2", 2));
        nest.bayReported(LAUNCHING_2.withDronePower(false));   // the controller's late report

        recover(d, 30);

        assertThat(controller.bayCommands).containsExactly("2 CENTRING_CLAMP", "2 CHARGE_START");
        assertThat(controller.sent).isEmpty();
    }

    @Test
    void aRecoveryThatFails_leavesTheJournalsJobsOpen_forTheNextStart() {
        hardwareReports(100, BayView.docked(2, 80).withCharger(BayView.Charger.CHARGING));
        controller.refuse = "motor driver over temperature";

        JobMachine.Outcome o = recover(decide(DroneObservation.silent("drone-2", 2)), 30);

        assertThat(o).isInstanceOfSatisfying(JobMachine.Failed.class, f -> assertThat(f.step()).isEqualTo("close roof"));
        assertThat(journal.unfinished()).extracting(j -> j.jobId()).containsExactly("launch-1");
        assertThat(journal.outcome("recover-1")).startsWith("failed at 'close roof'");
    }

    @Test
    void underAnEStop_onlyTheAlarmsAreRaised_nothingMoves_nothingIsClosed() {
        hardwareReports(100, LAUNCHING_2);
        nest.estopReported(true, "local button");
        controller.sent.clear();   // the nest's own stop on the E-stop

        JobMachine.Outcome o = recover(decide(DroneObservation.grounded("drone-2", 2)), 5);

        assertThat(o).isEqualTo(new JobMachine.Succeeded());
        assertThat(steps).containsExactly("start raise 1 alarm(s) @0");
        assertThat(alarms).singleElement().asString().startsWith("E-stop (local button) in force");
        assertThat(controller.sent).isEmpty();
        assertThat(controller.bayCommands).isEmpty();
        assertThat(journal.unfinished()).extracting(j -> j.jobId()).containsExactly("launch-1");
    }
}

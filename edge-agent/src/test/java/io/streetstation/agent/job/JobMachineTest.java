package io.streetstation.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.job.JobMachine.CancelRequested;
import io.streetstation.agent.job.JobMachine.CancelSteps;
import io.streetstation.agent.job.JobMachine.Cancelled;
import io.streetstation.agent.job.JobMachine.Failed;
import io.streetstation.agent.job.JobMachine.Finish;
import io.streetstation.agent.job.JobMachine.Finished;
import io.streetstation.agent.job.JobMachine.Go;
import io.streetstation.agent.job.JobMachine.Rejected;
import io.streetstation.agent.job.JobMachine.Running;
import io.streetstation.agent.job.JobMachine.Securing;
import io.streetstation.agent.job.JobMachine.StartSteps;
import io.streetstation.agent.job.JobMachine.StepFailed;
import io.streetstation.agent.job.JobMachine.StepSucceeded;
import io.streetstation.agent.job.JobMachine.Succeeded;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every kind of state against every kind of event, with the exact next state and actions. */
class JobMachineTest {

    private static Step step(String name) {
        return new Step(name, Duration.ofSeconds(5), () -> CompletableFuture.completedFuture(null));
    }

    private static final Step A = step("a");
    private static final Step B = step("b");
    private static final Step C = step("c");
    private static final Step SAFE = step("safe");
    private static final Plan PLAN = new Plan("j", "test", List.of(List.of(A, B), List.of(C)), List.of(SAFE));
    private static final Plan NO_SAFE = new Plan("j", "test", List.of(List.of(A, B), List.of(C)), List.of());

    @Test
    void start_runsTheFirstStage() {
        assertThat(JobMachine.start(PLAN)).isEqualTo(new Go(new Running(0, Set.of("a", "b")), List.of(new StartSteps(List.of(A, B)))));
    }

    // ---- Running

    @Test
    void running_stepSucceeded_withSiblingsLeft_waits() {
        assertThat(JobMachine.step(new Running(0, Set.of("a", "b")), new StepSucceeded("a"), PLAN))
                .isEqualTo(new Go(new Running(0, Set.of("b")), List.of()));
    }

    @Test
    void running_lastStepOfAStage_startsTheNext() {
        assertThat(JobMachine.step(new Running(0, Set.of("b")), new StepSucceeded("b"), PLAN))
                .isEqualTo(new Go(new Running(1, Set.of("c")), List.of(new StartSteps(List.of(C)))));
    }

    @Test
    void running_lastStepOfTheLastStage_succeeds() {
        assertThat(JobMachine.step(new Running(1, Set.of("c")), new StepSucceeded("c"), PLAN))
                .isEqualTo(new Go(new Finished(new Succeeded()), List.of(new Finish(new Succeeded()))));
    }

    @Test
    void running_stepFailed_cancelsTheSiblings_andSecures() {
        Failed cause = new Failed("a", "stall", List.of());
        assertThat(JobMachine.step(new Running(0, Set.of("a", "b")), new StepFailed("a", "stall"), PLAN))
                .isEqualTo(new Go(new Securing(cause, Set.of("safe"), List.of()),
                        List.of(new CancelSteps(Set.of("b")), new StartSteps(List.of(SAFE)))));
    }

    @Test
    void running_stepFailed_withoutSafeSteps_failsAtOnce() {
        Failed cause = new Failed("c", "timeout", List.of());
        assertThat(JobMachine.step(new Running(1, Set.of("c")), new StepFailed("c", "timeout"), NO_SAFE))
                .isEqualTo(new Go(new Finished(cause), List.of(new Finish(cause))));
    }

    @Test
    void running_cancelRequested_cancelsEverythingRunning_andSecures() {
        Cancelled cause = new Cancelled("recall", List.of());
        assertThat(JobMachine.step(new Running(0, Set.of("a", "b")), new CancelRequested("recall"), PLAN))
                .isEqualTo(new Go(new Securing(cause, Set.of("safe"), List.of()),
                        List.of(new CancelSteps(Set.of("a", "b")), new StartSteps(List.of(SAFE)))));
        assertThat(JobMachine.step(new Running(0, Set.of("a")), new CancelRequested("recall"), NO_SAFE))
                .isEqualTo(new Go(new Finished(cause), List.of(new CancelSteps(Set.of("a")), new Finish(cause))));
    }

    @Test
    void running_newsOfAStepThatIsNotRunning_isRejected() {
        assertThat(JobMachine.step(new Running(0, Set.of("a")), new StepSucceeded("c"), PLAN))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).contains("'c' is not running"));
        assertThat(JobMachine.step(new Running(0, Set.of("a")), new StepFailed("zz", "x"), PLAN))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).contains("'zz' is not running"));
    }

    // ---- Securing

    @Test
    void securing_safeStepDone_finishesWithTheCause() {
        Failed cause = new Failed("a", "stall", List.of());
        assertThat(JobMachine.step(new Securing(cause, Set.of("safe"), List.of()), new StepSucceeded("safe"), PLAN))
                .isEqualTo(new Go(new Finished(cause), List.of(new Finish(cause))));
    }

    @Test
    void securing_safeStepFailed_isListedInTheOutcome() {
        Cancelled cause = new Cancelled("recall", List.of());
        Cancelled end = new Cancelled("recall", List.of("safe: E-stop"));
        assertThat(JobMachine.step(new Securing(cause, Set.of("safe"), List.of()), new StepFailed("safe", "E-stop"), PLAN))
                .isEqualTo(new Go(new Finished(end), List.of(new Finish(end))));
    }

    @Test
    void securing_withSafeStepsLeft_waits() {
        Failed cause = new Failed("a", "x", List.of());
        Plan two = new Plan("j", "t", List.of(List.of(A)), List.of(SAFE, step("safe2")));
        assertThat(JobMachine.step(new Securing(cause, Set.of("safe", "safe2"), List.of()), new StepFailed("safe", "y"), two))
                .isEqualTo(new Go(new Securing(cause, Set.of("safe2"), List.of("safe: y")), List.of()));
    }

    @Test
    void securing_lateNewsOfACutShortStep_isIgnored() {
        Securing s = new Securing(new Cancelled("r", List.of()), Set.of("safe"), List.of());
        assertThat(JobMachine.step(s, new StepSucceeded("a"), PLAN)).isEqualTo(new Go(s, List.of()));
        assertThat(JobMachine.step(s, new StepFailed("b", "cancelled"), PLAN)).isEqualTo(new Go(s, List.of()));
    }

    @Test
    void securing_cancelRequested_isRejected() {
        Securing s = new Securing(new Failed("a", "stall", List.of()), Set.of("safe"), List.of());
        assertThat(JobMachine.step(s, new CancelRequested("again"), PLAN)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).contains("already making the station safe", "failed at 'a': stall"));
    }

    // ---- Finished

    @Test
    void finished_rejectsEveryEvent() {
        Finished done = new Finished(new Succeeded());
        for (JobMachine.Event e : List.of(new StepSucceeded("a"), new StepFailed("a", "x"), new CancelRequested("late"))) {
            assertThat(JobMachine.step(done, e, PLAN)).as(e.toString()).isInstanceOfSatisfying(Rejected.class,
                    r -> assertThat(r.reason()).contains("finished: succeeded"));
        }
    }

    // ---- plans and reports

    @Test
    void aPlan_refusesEmptyStagesAndTwoStepsOfOneName() {
        assertThatThrownBy(() -> new Plan("j", "t", List.of(), List.of())).hasMessageContaining("at least one stage");
        assertThatThrownBy(() -> new Plan("j", "t", List.of(List.of(A), List.of()), List.of())).hasMessageContaining("no empty stage");
        assertThatThrownBy(() -> new Plan("j", "t", List.of(List.of(A), List.of(step("a"))), List.of()))
                .hasMessageContaining("two steps are called 'a'");
        assertThatThrownBy(() -> new Plan("j", "t", List.of(List.of(A)), List.of(step("a")))).hasMessageContaining("'a'");
        assertThatThrownBy(() -> new Step("x", Duration.ZERO, () -> null)).hasMessageContaining("deadline must be 1 ms..1 h");
    }

    @Test
    void describe_saysWhatHappened_andWhatTheSafeStateMissed() {
        assertThat(JobMachine.describe(new Succeeded())).isEqualTo("succeeded");
        assertThat(JobMachine.describe(new Failed("open roof", "stall", List.of()))).isEqualTo("failed at 'open roof': stall");
        assertThat(JobMachine.describe(new Cancelled("recall", List.of("close roof: E-stop"))))
                .isEqualTo("cancelled: recall; safe state incomplete: [close roof: E-stop]");
    }
}

package io.streetstation.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Jobs on a manual clock, the runner's inbox on the caller's thread: parallel stages, deadlines, failures, cancels, safe state. */
class JobRunnerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final List<String> log = new ArrayList<>();
    private final Map<String, CompletableFuture<Void>> work = new HashMap<>();
    private final JobRunner runner = new JobRunner(clock, new JobRunner.Listener() {
        @Override
        public void stepStarted(Plan job, Step step, Instant at) {
            log.add("start " + step.name() + " @" + (at.getEpochSecond() - T0.getEpochSecond()));
        }

        @Override
        public void stepSucceeded(Plan job, Step step, Duration took) {
            log.add("done " + step.name() + " " + took.toSeconds() + "s");
        }

        @Override
        public void stepFailed(Plan job, Step step, String reason, Duration took) {
            log.add("failed " + step.name() + " " + took.toSeconds() + "s: " + reason);
        }

        @Override
        public void jobFinished(Plan job, JobMachine.Outcome outcome, Duration took) {
            log.add("finished " + JobMachine.describe(outcome) + " " + took.toSeconds() + "s");
        }
    }, Runnable::run);

    /** A step whose work the test completes by hand. */
    private Step step(String name, int deadlineS) {
        return new Step(name, Duration.ofSeconds(deadlineS), () -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            work.put(name, f);
            return f;
        });
    }

    /** A step that takes {@code seconds} of station time. */
    private Step takes(String name, int seconds, int deadlineS) {
        return new Step(name, Duration.ofSeconds(deadlineS), () -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            work.put(name, f);
            clock.schedule(Duration.ofSeconds(seconds), () -> f.complete(null));
            return f;
        });
    }

    private Plan launch(List<Step> safe) {
        return new Plan("job-1", "launch", List.of(
                List.of(takes("open roof", 18, 30), takes("power on drone", 8, 20)),
                List.of(takes("pre-flight checks", 3, 10)),
                List.of(takes("take off", 10, 20))), safe);
    }

    @Test
    void stagesRunInOrder_theStepsOfAStageTogether_eachTimed() {
        JobRunner.Handle h = runner.start(launch(List.of()));

        clock.advance(Duration.ofSeconds(60));

        assertThat(h.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
        assertThat(log).containsExactly(
                "start open roof @0", "start power on drone @0",
                "done power on drone 8s", "done open roof 18s",
                "start pre-flight checks @18", "done pre-flight checks 3s",
                "start take off @21", "done take off 10s",
                "finished succeeded 31s");
    }

    @Test
    void aFailedStep_cancelsItsRunningSiblings_andRunsTheSafeState() {
        JobRunner.Handle h = runner.start(new Plan("job-2", "launch", List.of(
                List.of(step("open roof", 30), step("power on drone", 20)), List.of(step("take off", 20))),
                List.of(step("stop roof", 5), step("power off drone", 5))));

        work.get("open roof").completeExceptionally(new Step.StepFailedException("roof stall at 40 %"));

        assertThat(work.get("power on drone")).isCancelled();
        assertThat(log).containsSubsequence("failed open roof 0s: roof stall at 40 %", "start stop roof @0",
                "start power off drone @0");
        assertThat(h.outcome().toCompletableFuture()).isNotDone();
        work.get("stop roof").complete(null);
        work.get("power off drone").complete(null);

        assertThat(h.outcome().toCompletableFuture().join()).isEqualTo(new JobMachine.Failed("open roof",
                "roof stall at 40 %", List.of()));
        assertThat(work).doesNotContainKey("take off");
        assertThat(log.getLast()).isEqualTo("finished failed at 'open roof': roof stall at 40 % 0s");
    }

    @Test
    void aStepPastItsDeadline_fails_andItsWorkIsCancelled() {
        JobRunner.Handle h = runner.start(new Plan("job-3", "land", List.of(List.of(step("precision landing", 15))), List.of()));

        clock.advance(Duration.ofSeconds(14));
        assertThat(h.outcome().toCompletableFuture()).isNotDone();
        clock.advance(Duration.ofSeconds(1));

        assertThat(h.outcome().toCompletableFuture().join()).isEqualTo(new JobMachine.Failed("precision landing",
                "not done within 15 s", List.of()));
        assertThat(work.get("precision landing")).isCancelled();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void cancel_stopsTheRunningSteps_runsTheSafeState_andLateNewsIsIgnored() {
        JobRunner.Handle h = runner.start(new Plan("job-4", "launch", List.of(List.of(step("open roof", 30))),
                List.of(step("close roof", 30))));

        h.cancel("recalled: heavy rain");
        work.get("open roof").complete(null);   // too late: it was cancelled
        work.get("close roof").complete(null);

        assertThat(h.outcome().toCompletableFuture().join()).isEqualTo(new JobMachine.Cancelled("recalled: heavy rain", List.of()));
        assertThat(log).noneMatch(l -> l.startsWith("done open roof"));
    }

    @Test
    void aFailingSafeStateStep_isListed_neverHidden() {
        JobRunner.Handle h = runner.start(new Plan("job-5", "launch", List.of(List.of(step("open roof", 30))),
                List.of(step("close roof", 30), step("power off drone", 5))));

        work.get("open roof").completeExceptionally(new Step.StepFailedException("stall"));
        work.get("close roof").completeExceptionally(new Step.StepFailedException("E-stop latched"));
        clock.advance(Duration.ofSeconds(5));

        JobMachine.Outcome o = h.outcome().toCompletableFuture().join();
        assertThat(o).isEqualTo(new JobMachine.Failed("open roof", "stall", List.of("close roof: E-stop latched",
                "power off drone: not done within 5 s")));
        assertThat(JobMachine.describe(o)).contains("safe state incomplete");
    }

    @Test
    void aStepWhoseActionThrows_failsWithTheExceptionsMessage() {
        JobRunner.Handle h = runner.start(new Plan("job-6", "charge", List.of(List.of(new Step("start charge",
                Duration.ofSeconds(5), () -> {
                    throw new IllegalStateException("bay 3 charger faulted");
                }))), List.of()));

        assertThat(h.outcome().toCompletableFuture().join()).isEqualTo(new JobMachine.Failed("start charge",
                "bay 3 charger faulted", List.of()));
    }

    @Test
    void aCancelAfterTheEnd_changesNothing() {
        JobRunner.Handle h = runner.start(new Plan("job-7", "ping", List.of(List.of(step("a", 5))), List.of(step("b", 5))));
        work.get("a").complete(null);

        h.cancel("too late");

        assertThat(h.outcome().toCompletableFuture().join()).isEqualTo(new JobMachine.Succeeded());
        assertThat(work).doesNotContainKey("b");
    }

    @Test
    void twoJobs_runSideBySide() {
        JobRunner.Handle a = runner.start(new Plan("job-a", "charge", List.of(List.of(takes("charge bay 1", 30, 60))), List.of()));
        JobRunner.Handle b = runner.start(new Plan("job-b", "charge", List.of(List.of(takes("charge bay 2", 10, 60))), List.of()));

        clock.advance(Duration.ofSeconds(10));
        assertThat(b.outcome().toCompletableFuture()).isDone();
        assertThat(a.outcome().toCompletableFuture()).isNotDone();
        clock.advance(Duration.ofSeconds(20));
        assertThat(a.outcome().toCompletableFuture()).isCompletedWithValue(new JobMachine.Succeeded());
    }
}

package io.streetstation.agent.job;

import io.streetstation.agent.actor.Failures;
import io.streetstation.agent.actor.Inbox;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Runs jobs: the actor that carries out {@link JobMachine}'s actions on the station clock — starts
 * a stage's steps together, holds each to its deadline, cancels what a failure or a cancel cuts
 * short, runs the safe-state steps — and reports every step with its start and duration to the
 * {@link Listener}. Several jobs may run at once (they share the inbox, each has its own state).
 */
public final class JobRunner {

    private static final TaggedLogger LOG = Logger.tag("job");

    /** Told about every step and every job's end, on the runner's thread: hand over, never wait. */
    public interface Listener {
        default void stepStarted(Plan job, Step step, Instant at) {
        }

        default void stepSucceeded(Plan job, Step step, Duration took) {
        }

        default void stepFailed(Plan job, Step step, String reason, Duration took) {
        }

        default void jobFinished(Plan job, JobMachine.Outcome outcome, Duration took) {
        }
    }

    /** A running job. */
    public interface Handle {
        Plan plan();

        /** Completes with the outcome once the job has finished, safe state included. */
        CompletionStage<JobMachine.Outcome> outcome();

        /** Asks the job to stop: the running steps are cancelled, the safe-state steps run. */
        void cancel(String reason);
    }

    private final StationClock clock;
    private final Listener listener;
    private final Inbox inbox;

    public JobRunner(StationClock clock, Listener listener, Executor executor) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.inbox = new Inbox("job", executor);
    }

    /** Starts {@code plan}; its first stage begins at once (on the runner's thread). */
    public Handle start(Plan plan) {
        Run run = new Run(plan);
        inbox.post(run::begin);
        return run;
    }

    private final class Run implements Handle {
        private final Plan plan;
        private final CompletableFuture<JobMachine.Outcome> outcome = new CompletableFuture<>();
        private final Map<String, Running> running = new HashMap<>();
        private JobMachine.State state;
        private Instant startedAt;

        private record Running(Step step, Instant at, CompletableFuture<?> work, StationClock.Timer deadline) {
        }

        Run(Plan plan) {
            this.plan = plan;
        }

        @Override
        public Plan plan() {
            return plan;
        }

        @Override
        public CompletionStage<JobMachine.Outcome> outcome() {
            return outcome;
        }

        @Override
        public void cancel(String reason) {
            inbox.post(() -> feed(new JobMachine.CancelRequested(reason)));
        }

        void begin() {
            startedAt = clock.now();
            LOG.info("job {} {}: started, {} stages", plan.name(), plan.id(), plan.stages().size());
            JobMachine.Go first = JobMachine.start(plan);
            state = first.next();
            first.actions().forEach(this::act);
        }

        private void feed(JobMachine.Event e) {
            if (state == null) {
                inbox.post(() -> feed(e));   // a cancel that overtook the start: after it
                return;
            }
            switch (JobMachine.step(state, e, plan)) {
                case JobMachine.Go go -> {
                    state = go.next();
                    go.actions().forEach(this::act);
                }
                case JobMachine.Rejected r -> LOG.debug("job {} {}: {} ignored: {}", plan.name(), plan.id(), e, r.reason());
            }
        }

        private void act(JobMachine.Action a) {
            switch (a) {
                case JobMachine.StartSteps s -> s.steps().forEach(this::startStep);
                case JobMachine.CancelSteps c -> c.steps().forEach(name -> {
                    Running r = running.remove(name);
                    if (r != null) {
                        r.deadline().cancel();
                        r.work().cancel(true);
                        LOG.info("job {} {}: step '{}' cancelled", plan.name(), plan.id(), name);
                    }
                });
                case JobMachine.Finish f -> {
                    Duration took = Duration.between(startedAt, clock.now());
                    LOG.info("job {} {}: {} after {} s", plan.name(), plan.id(), JobMachine.describe(f.outcome()),
                            took.toMillis() / 1000.0);
                    listener.jobFinished(plan, f.outcome(), took);
                    outcome.complete(f.outcome());
                }
            }
        }

        private void startStep(Step step) {
            Instant at = clock.now();
            listener.stepStarted(plan, step, at);
            CompletableFuture<?> work;
            try {
                work = step.action().start().toCompletableFuture();
            } catch (RuntimeException e) {
                work = CompletableFuture.failedFuture(e);
            }
            StationClock.Timer deadline = clock.schedule(step.deadline(), () -> inbox.post(() ->
                    concluded(step, "not done within " + seconds(step.deadline()))));
            running.put(step.name(), new Running(step, at, work, deadline));
            work.whenComplete((ok, ex) -> inbox.post(() -> concluded(step, ex == null ? null : reason(ex))));
        }

        /** A step's end (reason null: it succeeded); only the first news of a running step counts. */
        private void concluded(Step step, String reason) {
            Running r = running.remove(step.name());
            if (r == null) {
                return;   // already timed out, cancelled, or done
            }
            r.deadline().cancel();
            r.work().cancel(true);   // a step that timed out stops working on it (no effect once it is done)
            Duration took = Duration.between(r.at(), clock.now());
            if (reason == null) {
                LOG.info("job {} {}: step '{}' done in {} s", plan.name(), plan.id(), step.name(), took.toMillis() / 1000.0);
                listener.stepSucceeded(plan, step, took);
                feed(new JobMachine.StepSucceeded(step.name()));
            } else {
                LOG.warn("job {} {}: step '{}' failed after {} s: {}", plan.name(), plan.id(), step.name(),
                        took.toMillis() / 1000.0, reason);
                listener.stepFailed(plan, step, reason, took);
                feed(new JobMachine.StepFailed(step.name(), reason));
            }
        }
    }

    private static String reason(Throwable e) {
        Throwable t = Failures.cause(e);
        if (t instanceof java.util.concurrent.CancellationException) {
            return "cancelled";
        }
        return t instanceof Step.StepFailedException || t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}

package io.streetstation.agent.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Composes {@link JobRunner.Listener}s, for a runner that reports to more than one (the journal, then central). */
public final class Listeners {

    private Listeners() {
    }

    /**
     * A listener that tells {@code first}, then {@code second}, every news; {@code second} hears it
     * even when {@code first} throws (the exception then propagates after it).
     */
    public static JobRunner.Listener both(JobRunner.Listener first, JobRunner.Listener second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        return new JobRunner.Listener() {
            @Override
            public void stepStarted(Plan job, Step step, Instant at) {
                try {
                    first.stepStarted(job, step, at);
                } finally {
                    second.stepStarted(job, step, at);
                }
            }

            @Override
            public void stepSucceeded(Plan job, Step step, Duration took) {
                try {
                    first.stepSucceeded(job, step, took);
                } finally {
                    second.stepSucceeded(job, step, took);
                }
            }

            @Override
            public void stepFailed(Plan job, Step step, String reason, Duration took) {
                try {
                    first.stepFailed(job, step, reason, took);
                } finally {
                    second.stepFailed(job, step, reason, took);
                }
            }

            @Override
            public void jobFinished(Plan job, JobMachine.Outcome outcome, Duration took) {
                try {
                    first.jobFinished(job, outcome, took);
                } finally {
                    second.jobFinished(job, outcome, took);
                }
            }
        };
    }
}

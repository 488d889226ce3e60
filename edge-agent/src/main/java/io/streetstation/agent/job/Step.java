package io.streetstation.agent.job;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One named step of a job.
 *
 * @param name unique within its plan, for reports ("open roof", "power on drone-2")
 * @param deadline how long it may take, station time, 1 ms..1 h; past it the step fails
 * @param action starts the step; the stage completes when it is done, or fails with the reason
 *     (a {@link StepFailedException} for a reason in words, any other exception as it is)
 */
public record Step(String name, Duration deadline, Action action) {

    @FunctionalInterface
    public interface Action {
        /** Starts the work; called once, on the runner's thread: return at once, finish asynchronously. */
        CompletionStage<?> start();
    }

    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(action, "action");
        if (name.isBlank() || name.length() > 60) {
            throw new IllegalArgumentException("a step name is 1..60 characters, was '" + name + "'");
        }
        if (deadline.compareTo(Duration.ofMillis(1)) < 0 || deadline.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("step " + name + ": deadline must be 1 ms..1 h, was " + deadline);
        }
    }

    /** A step that did not succeed, with words for people. */
    public static final class StepFailedException extends RuntimeException {
        public StepFailedException(String reason) {
            super(reason);
        }
    }
}

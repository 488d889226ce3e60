package io.streetstation.agent.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code min} to {@code max}, each drawn uniformly between
 * {@code min} and the current ceiling ("full jitter"), so a fleet of stations that lost the
 * broker together does not come back in lock-step. Not thread-safe; the uplink's supervisor owns it.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration min, Duration max, RandomGenerator random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min ≤ max, was " + min + ", " + max);
        }
        this.minMs = min.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt, after one more failure. */
    public Duration next() {
        long ceiling = failures >= 30 ? maxMs : Math.min(maxMs, minMs << failures);
        failures++;
        return Duration.ofMillis(ceiling <= minMs ? minMs : random.nextLong(minMs, ceiling + 1));
    }

    /** A connection succeeded: start from {@code min} again. */
    public void reset() {
        failures = 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }
}

package io.streetstation.bridge.link;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a link retries opening its port after a failure or a loss: exponential backoff from
 * {@code initialBackoff} to {@code maxBackoff}, each delay shortened by a random fraction of up to
 * {@code jitter} so that links that dropped together (a USB hub reset) do not retry in lockstep.
 *
 * <p>Jitter only ever shortens a delay, so {@code maxBackoff} is a hard bound on the time between
 * attempts: a link is up again at most {@code maxBackoff} plus one open (a few ms) after its device
 * returns. The station requires that within 2 s, hence {@code maxBackoff} is at most 1 s by default
 * and may not exceed 60 s.
 *
 * @param initialBackoff delay before the first retry, 1 ms..{@code maxBackoff}; default 100 ms
 * @param maxBackoff longest delay between attempts, up to 60 s; default 1 s
 * @param multiplier growth of the delay per failed attempt, 1.0..10.0; default 2.0
 * @param jitter largest fraction removed at random from a delay, 0.0..1.0; default 0.2
 */
public record ReconnectPolicy(Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter) {

    /** Upper bound of {@code maxBackoff}; declared before {@link #DEFAULT}, which needs it. */
    private static final Duration LONGEST = Duration.ofSeconds(60);

    /** 100 ms doubling to 1 s, minus up to 20 % jitter. */
    public static final ReconnectPolicy DEFAULT =
            new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.2);

    public ReconnectPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("reconnect initialBackoff must be at least 1 ms, was "
                    + initialBackoff.toMillis() + " ms");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0 || maxBackoff.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("reconnect maxBackoff must be within initialBackoff ("
                    + initialBackoff.toMillis() + " ms)..60000 ms, was " + maxBackoff.toMillis() + " ms");
        }
        if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
            throw new IllegalArgumentException("reconnect multiplier must be within 1.0..10.0, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("reconnect jitter must be within 0.0..1.0, was " + jitter);
        }
    }

    /**
     * The delay before retry number {@code attempt}.
     *
     * @param attempt 0 for the first retry after a failure or loss, then 1, 2, ...
     * @return within {@code [initialBackoff * (1 - jitter), maxBackoff]}
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
        }
        double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.min(attempt, 64));
        double capped = Math.min(base, maxBackoff.toNanos());
        double shortened = capped * (1.0 - jitter * random.nextDouble());
        return Duration.ofNanos(Math.max(1L, (long) shortened));
    }
}

package io.streetstation.hil.rig;

import io.streetstation.bridge.time.StationClock;
import java.time.Duration;

/**
 * The station time a simulator's physics step integrates over: what really elapsed since the
 * previous step (the nominal period on the first), at most 1 s. On an accelerated clock the timer
 * thread can fall behind; integrating over elapsed station time keeps the physics in pace with the
 * clock rather than with the ticks. Not thread-safe: call it under the simulator's own lock.
 */
final class ElapsedStep {

    private static final long MAX_NANOS = 1_000_000_000L;

    private final StationClock clock;
    private final Duration nominal;
    private long last = Long.MIN_VALUE;

    ElapsedStep(StationClock clock, Duration nominal) {
        this.clock = clock;
        this.nominal = nominal;
    }

    Duration next() {
        long now = clock.nanoTime();
        long elapsed = last == Long.MIN_VALUE ? nominal.toNanos() : now - last;
        last = now;
        return Duration.ofNanos(Math.max(0, Math.min(elapsed, MAX_NANOS)));
    }
}

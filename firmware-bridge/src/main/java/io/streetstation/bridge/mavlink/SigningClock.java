package io.streetstation.bridge.mavlink;

import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The local signing timestamp: 10 µs units since 2015-01-01T00:00:00Z, from the station clock.
 * Strictly increasing for what we send even when the clock stands still (a ManualClock, or many
 * frames within 10 µs), and pulled forward by newer timestamps of accepted incoming frames, as the
 * spec asks. Thread-safe.
 */
public final class SigningClock {

    public static final Instant EPOCH = Instant.parse("2015-01-01T00:00:00Z");

    private final StationClock clock;
    private long last;

    public SigningClock(StationClock clock) {
        this.clock = clock;
    }

    /** 10 µs units since 2015-01-01 of {@code t}. */
    public static long units(Instant t) {
        Duration d = Duration.between(EPOCH, t);
        return d.getSeconds() * 100_000L + d.getNano() / 10_000;
    }

    /** Timestamp for the next frame we sign: max(clock, last + 1). */
    public synchronized long next() {
        last = Math.max(units(clock.now()), last + 1);
        return last;
    }

    /** Our current notion of time, for the "too old" check of incoming frames. */
    public synchronized long local() {
        return Math.max(units(clock.now()), last);
    }

    /** An accepted incoming frame carried {@code timestamp}. */
    public synchronized void observed(long timestamp) {
        if (timestamp > last) {
            last = timestamp;
        }
    }
}

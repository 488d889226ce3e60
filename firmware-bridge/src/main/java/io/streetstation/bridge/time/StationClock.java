package io.streetstation.bridge.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one time base of the station: wall time, monotonic time and timers.
 *
 * <p>Every timeout in the bridge and the agent (command retries, heartbeat loss, motion deadlines)
 * is scheduled here and never with {@code Thread.sleep} or a private executor, so that the same
 * code runs on real time on the board, on an accelerated clock in the virtual rig (a station day
 * in minutes) and on a {@link ManualClock} in unit tests (hours in milliseconds).
 *
 * <p>Timer tasks must be short and must not block: they run on the clock's own thread (or, for the
 * manual clock, on the thread that advances it). Their job is to post an event to an actor.
 */
public interface StationClock {

    /** Wall-clock time in the station's time base. */
    Instant now();

    /** Monotonic time in nanoseconds in the station's time base; only differences mean anything. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay} (station time). */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period} (station time), first after {@code initialDelay}. */
    Timer scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task);

    /** Monotonic milliseconds, for statistics and deadlines. */
    default long millis() {
        return nanoTime() / 1_000_000L;
    }

    /** A scheduled task that can be cancelled; cancelling twice or after it ran is harmless. */
    interface Timer {
        void cancel();

        boolean isCancelled();
    }
}

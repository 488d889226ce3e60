package io.streetstation.bridge.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

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

    /**
     * Where a timer task completes a future: the future's dependent stages then run there and not on
     * the timer thread. A stage chained on a timer-completed future (a journal commit, a write to a
     * port, the next step of a job) would otherwise run on the one timer thread, and every other
     * timer (heartbeats, ACK retries, deadlines) would wait for it. So a timer task that completes
     * or cancels a future does it through this executor ({@link #scheduleOffTimer} for a one-shot
     * timer whose whole work is that).
     *
     * <p>The system clock hands it to a small pool of its own; this default runs it at once, which
     * keeps the {@link ManualClock}'s tests deterministic (everything runs on the advancing thread).
     */
    default Executor completions() {
        return Runnable::run;
    }

    /**
     * Runs {@code work} through {@link #completions()} once {@code delay} (station time) has passed:
     * for a timer whose work completes a future or may take a while.
     */
    default Timer scheduleOffTimer(Duration delay, Runnable work) {
        return schedule(delay, () -> completions().execute(work));
    }

    /** Station seconds per real second: 1 on the board, more on an accelerated simulation. */
    default double speed() {
        return 1.0;
    }

    /**
     * A wait for bytes to cross a wire (an ACK, a reply), in station time: {@code nominal}, but
     * never less than {@code realFloor} of real time. Bytes take real time on a link however fast
     * the station clock runs, so on an accelerated simulation transport timeouts must not shrink
     * below what the link and the scheduler can do; at speed 1 a floor below {@code nominal}
     * changes nothing.
     */
    default Duration transportWait(Duration nominal, Duration realFloor) {
        double s = speed();
        if (s <= 1.0) {
            return nominal;
        }
        Duration floor = Duration.ofNanos((long) (realFloor.toNanos() * s));
        return nominal.compareTo(floor) >= 0 ? nominal : floor;
    }

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

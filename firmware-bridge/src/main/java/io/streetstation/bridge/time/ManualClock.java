package io.streetstation.bridge.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that only moves when told to: {@link #advance(Duration)} runs every timer that falls due,
 * in time order, on the calling thread. Tests use it to run hours of station time in milliseconds
 * without sleeping; simulations use it for reproducible, seed-determined runs.
 */
public final class ManualClock implements StationClock {

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final Instant epoch;
    private long nanos;
    private long order;
    private volatile Executor completions = Runnable::run;

    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualClock(Instant start) {
        this.epoch = start;
    }

    /**
     * Runs what timer tasks hand to {@link #completions()} through {@code executor} instead of at
     * once; a test wraps the run to see that a stage was handed over and not run by the timer task.
     */
    public void completeThrough(Executor executor) {
        this.completions = java.util.Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Executor completions() {
        return completions;
    }

    @Override
    public Instant now() {
        lock.lock();
        try {
            return epoch.plusNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return nanos;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        return add(delay, Duration.ZERO, task);
    }

    @Override
    public Timer scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        return add(initialDelay, period, task);
    }

    private Timer add(Duration delay, Duration period, Runnable task) {
        lock.lock();
        try {
            Entry e = new Entry(nanos + Math.max(0, delay.toNanos()), period.toNanos(), order++, task);
            queue.add(e);
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** Moves time forward by {@code d}, running every timer that falls due on the way, in order. */
    public void advance(Duration d) {
        long target;
        lock.lock();
        try {
            target = nanos + d.toNanos();
        } finally {
            lock.unlock();
        }
        while (true) {
            Entry next;
            lock.lock();
            try {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nanos = target;
                    return;
                }
                queue.poll();
                nanos = Math.max(nanos, next.due);
                if (next.isCancelled()) {
                    continue;
                }
                if (next.period > 0) {
                    queue.add(new Entry(next.due + next.period, next.period, order++, next.task, next));
                }
            } finally {
                lock.unlock();
            }
            next.task.run();
        }
    }

    /** Number of timers still waiting (cancelled ones excluded). */
    public int pendingTimers() {
        lock.lock();
        try {
            return (int) queue.stream().filter(e -> !e.isCancelled()).count();
        } finally {
            lock.unlock();
        }
    }

    private static final class Entry implements Comparable<Entry>, Timer {
        final long due;
        final long period;
        final long seq;
        final Runnable task;
        /** periodic timers re-queue a new entry; cancellation goes through the first one */
        final Entry origin;
        volatile boolean cancelled;

        Entry(long due, long period, long seq, Runnable task) {
            this(due, period, seq, task, null);
        }

        Entry(long due, long period, long seq, Runnable task, Entry origin) {
            this.due = due;
            this.period = period;
            this.seq = seq;
            this.task = task;
            this.origin = origin == null ? null : (origin.origin == null ? origin : origin.origin);
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled || (origin != null && origin.cancelled);
        }
    }
}

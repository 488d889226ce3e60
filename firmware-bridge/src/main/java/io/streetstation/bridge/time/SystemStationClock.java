package io.streetstation.bridge.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.TaggedLogger;
import org.tinylog.Logger;

/**
 * Real time, optionally sped up by a constant factor (the virtual rig runs the whole station,
 * agent and simulators alike, at e.g. ×60 so a 24-hour day takes 24 minutes).
 *
 * <p>With {@code speed = 1} this is plain system time. With a speed above 1, station time starts
 * at the real wall time when the clock is created and then runs {@code speed} times faster;
 * delays are divided by the speed before they are handed to one named platform scheduler thread.
 */
public final class SystemStationClock implements StationClock, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("clock");

    private final double speed;
    private final java.util.concurrent.atomic.LongAdder busyNanos = new java.util.concurrent.atomic.LongAdder();
    private final long originNanos;
    private final Instant originWall;
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor completions;
    private final java.util.concurrent.atomic.LongAdder slowTasks = new java.util.concurrent.atomic.LongAdder();

    /**
     * A timer task that runs longer than this (real time) held every other timer back: it is
     * logged as a warning, naming the task, and counted in {@link #slowTasks()}.
     */
    static final long SLOW_TASK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Threads that run the stages of timer-completed futures; idle ones end after 30 s. */
    private static final int COMPLETION_THREADS = 4;

    /** Real time (speed 1). */
    public SystemStationClock() {
        this(1.0);
    }

    /** @param speed station seconds per real second, 1..10_000 */
    public SystemStationClock(double speed) {
        if (!(speed >= 1.0 && speed <= 10_000.0)) {
            throw new IllegalArgumentException("clock speed must be 1..10000, was " + speed);
        }
        this.speed = speed;
        this.originNanos = System.nanoTime();
        this.originWall = Instant.now();
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "station-clock");
            t.setDaemon(true);
            return t;
        });
        this.timers.setRemoveOnCancelPolicy(true);
        this.timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        AtomicInteger n = new AtomicInteger();
        this.completions = new ThreadPoolExecutor(COMPLETION_THREADS, COMPLETION_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "station-clock-then-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.completions.allowCoreThreadTimeOut(true);
    }

    /**
     * A pool of its own ({@code station-clock-then-N}, up to four threads, none while idle), so a
     * slow stage chained on a timer's future holds back neither the timers nor the other stages.
     */
    @Override
    public Executor completions() {
        return completions;
    }

    @Override
    public double speed() {
        return speed;
    }

    @Override
    public Instant now() {
        if (speed == 1.0) {
            return Instant.now();
        }
        long elapsed = (long) ((System.nanoTime() - originNanos) * speed);
        return originWall.plusNanos(elapsed);
    }

    @Override
    public long nanoTime() {
        long real = System.nanoTime() - originNanos;
        return speed == 1.0 ? real : (long) (real * speed);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timers.schedule(guard(task), realNanos(delay), TimeUnit.NANOSECONDS);
        return new FutureTimer(f);
    }

    @Override
    public Timer scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        ScheduledFuture<?> f = timers.scheduleAtFixedRate(guard(task), realNanos(initialDelay),
                Math.max(1, realNanos(period)), TimeUnit.NANOSECONDS);
        return new FutureTimer(f);
    }

    private long realNanos(Duration d) {
        long n = Math.max(0, d.toNanos());
        return speed == 1.0 ? n : (long) (n / speed);
    }

    /** A throwing task must not kill the periodic schedule or the timer thread. */
    private Runnable guard(Runnable task) {
        return () -> {
            long t0 = System.nanoTime();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error(e, "timer task failed: {}", e.toString());
            } finally {
                long took = System.nanoTime() - t0;
                busyNanos.add(took);
                if (took > SLOW_TASK_NANOS) {
                    slowTasks.increment();
                    LOG.warn("timer task {} ran {} ms on the station-clock thread, and every other timer waited for it"
                            + " (a timer task must only hand work over)", describe(task), took / 1_000_000);
                }
            }
        };
    }

    /** The task's class, with a lambda's generated suffix cut: "io.x.LandPlan lambda". */
    static String describe(Runnable task) {
        String name = task.getClass().getName();
        int cut = name.indexOf("$$Lambda");
        return cut < 0 ? name : name.substring(0, cut) + " lambda";
    }

    /** Timer tasks that ran longer than 50 ms of real time since the clock was created. */
    public long slowTasks() {
        return slowTasks.sum();
    }

    /**
     * The fraction of real time the timer thread has spent running tasks since the clock was
     * created, 0..1. Near 1 the thread cannot keep up and station time outruns the simulation's
     * timers: the clock is too fast for this machine.
     */
    public double timerLoad() {
        long real = System.nanoTime() - originNanos;
        return real <= 0 ? 0 : Math.min(1.0, busyNanos.sum() / (double) real);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        completions.shutdownNow();
    }

    private record FutureTimer(ScheduledFuture<?> future) implements Timer {
        @Override
        public void cancel() {
            future.cancel(false);
        }

        @Override
        public boolean isCancelled() {
            return future.isCancelled();
        }
    }
}

package io.streetstation.bridge.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemStationClockTest {

    @Test
    void acceleratedClock_firesAStationMinuteTimer_inAboutOneRealSecond() throws InterruptedException {
        try (SystemStationClock clock = new SystemStationClock(60)) {
            long realStart = System.nanoTime();
            long stationStart = clock.nanoTime();
            CountDownLatch fired = new CountDownLatch(1);
            clock.schedule(Duration.ofMinutes(1), fired::countDown);

            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
            long stationElapsed = clock.nanoTime() - stationStart;
            long realElapsed = System.nanoTime() - realStart;
            // station time ran ~60x faster than real time, and never fired early
            assertThat(stationElapsed).isGreaterThanOrEqualTo(Duration.ofMinutes(1).toNanos() - Duration.ofMillis(100).toNanos());
            assertThat((double) stationElapsed / realElapsed).isBetween(55.0, 65.0);
        }
    }

    @Test
    void throwingPeriodicTask_keepsItsSchedule() throws InterruptedException {
        try (SystemStationClock clock = new SystemStationClock(1000)) {
            CountDownLatch runs = new CountDownLatch(3);
            clock.scheduleAtFixedRate(Duration.ZERO, Duration.ofSeconds(1), () -> {
                runs.countDown();
                throw new IllegalStateException("task failure must not cancel the schedule");
            });
            assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aStageChainedOnATimersFuture_runsOffTheTimerThread_andWhileItBlocks_timersStillFire() throws InterruptedException {
        try (SystemStationClock clock = new SystemStationClock(1)) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            AtomicReference<String> stageThread = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            f.thenRun(() -> {
                stageThread.set(Thread.currentThread().getName());
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);   // a slow stage: a journal commit on a busy SD card, say
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            clock.schedule(Duration.ofMillis(1), () -> clock.completions().execute(() -> f.complete(null)));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            CountDownLatch later = new CountDownLatch(1);
            clock.schedule(Duration.ofMillis(10), later::countDown);
            assertThat(later.await(5, TimeUnit.SECONDS)).as("a timer fires while the stage is still blocked").isTrue();
            assertThat(stageThread.get()).startsWith("station-clock-then-");
            release.countDown();
            assertThat(clock.slowTasks()).as("the timer task itself only handed over").isZero();
        }
    }

    @Test
    void aTimerTaskThatRunsLong_isCounted() throws InterruptedException {
        try (SystemStationClock clock = new SystemStationClock(1)) {
            CountDownLatch done = new CountDownLatch(1);
            clock.schedule(Duration.ZERO, () -> {
                try {
                    Thread.sleep(2 * SystemStationClock.SLOW_TASK_NANOS / 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (clock.slowTasks() == 0 && System.nanoTime() < giveUp) {
                Thread.sleep(5);   // counted as the task returns, just after it counted down
            }
            assertThat(clock.slowTasks()).isEqualTo(1);
        }
    }

    @Test
    void aTaskIsNamedByTheClassThatWroteIt() {
        Runnable lambda = () -> { };
        assertThat(SystemStationClock.describe(lambda)).isEqualTo(SystemStationClockTest.class.getName() + " lambda");
        assertThat(SystemStationClock.describe(new Thread())).isEqualTo("java.lang.Thread");
    }

    @Test
    void speedOutOfRange_isRejected() {
        assertThatThrownBy(() -> new SystemStationClock(0.5)).hasMessageContaining("1..10000");
    }

    @Test
    void transportWait_isNominalInRealTime_andFlooredInRealTimeWhenAccelerated() {
        try (SystemStationClock real = new SystemStationClock(1); SystemStationClock fast = new SystemStationClock(240)) {
            Duration ack = Duration.ofMillis(150);
            Duration floor = Duration.ofMillis(25);
            assertThat(real.transportWait(ack, floor)).isEqualTo(ack);
            assertThat(fast.transportWait(ack, floor)).as("25 ms of real time at x240").isEqualTo(Duration.ofSeconds(6));
            assertThat(fast.transportWait(Duration.ofSeconds(10), floor)).isEqualTo(Duration.ofSeconds(10));
            assertThat(new ManualClock(java.time.Instant.EPOCH).transportWait(ack, floor)).isEqualTo(ack);
        }
    }
}

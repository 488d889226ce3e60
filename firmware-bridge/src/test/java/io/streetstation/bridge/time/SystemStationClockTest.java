package io.streetstation.bridge.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

package io.streetstation.bridge.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void advance_runsDueTimersInTimeOrder_andMovesTime() {
        ManualClock clock = new ManualClock();
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(3), () -> ran.add("3s@" + clock.millis()));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("1s@" + clock.millis()));
        clock.schedule(Duration.ofSeconds(5), () -> ran.add("5s"));

        clock.advance(Duration.ofSeconds(4));

        assertThat(ran).containsExactly("1s@1000", "3s@3000");
        assertThat(clock.millis()).isEqualTo(4000);
        assertThat(clock.pendingTimers()).isEqualTo(1);
    }

    @Test
    void periodicTimer_firesEveryPeriod_untilCancelled() {
        ManualClock clock = new ManualClock();
        List<Long> at = new ArrayList<>();
        StationClock.Timer t = clock.scheduleAtFixedRate(Duration.ofMillis(500), Duration.ofSeconds(1), () -> at.add(clock.millis()));

        clock.advance(Duration.ofMillis(3600));
        t.cancel();
        clock.advance(Duration.ofSeconds(10));

        assertThat(at).containsExactly(500L, 1500L, 2500L, 3500L);
        assertThat(t.isCancelled()).isTrue();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void timerScheduledByATimer_runsInTheSameAdvanceWhenDue() {
        ManualClock clock = new ManualClock();
        List<Long> at = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(1), () -> clock.schedule(Duration.ofSeconds(1), () -> at.add(clock.millis())));

        clock.advance(Duration.ofSeconds(2));

        assertThat(at).containsExactly(2000L);
    }

    @Test
    void wallTime_followsMonotonicTime() {
        ManualClock clock = new ManualClock();
        var start = clock.now();
        clock.advance(Duration.ofHours(24));
        assertThat(Duration.between(start, clock.now())).isEqualTo(Duration.ofHours(24));
    }
}

package io.streetstation.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Reconnect delays: exponential ceiling from min to max, full jitter below it, reset on success. */
class BackoffTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    /** Always draws the top of the range, so the ceiling itself is visible. */
    private static final class Highest implements RandomGenerator {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long origin, long bound) {
            return bound - 1;
        }
    }

    private static List<Long> delays(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next().toMillis());
        }
        return out;
    }

    @Test
    void everyDelay_staysWithinMinAndMax() {
        Backoff b = new Backoff(MIN, MAX, new SplittableRandom(7));
        assertThat(delays(b, 200)).allSatisfy(d -> assertThat(d).isBetween(100L, 5_000L));
    }

    @Test
    void ceiling_doublesFromMin_untilMax() {
        Backoff b = new Backoff(MIN, MAX, new Highest());
        assertThat(delays(b, 9)).containsExactly(100L, 200L, 400L, 800L, 1_600L, 3_200L, 5_000L, 5_000L, 5_000L);
        assertThat(b.failures()).isEqualTo(9);
    }

    @Test
    void manyFailures_doNotOverflowTheShift() {
        Backoff b = new Backoff(MIN, MAX, new Highest());
        assertThat(delays(b, 100)).last().isEqualTo(5_000L);
    }

    @Test
    void fullJitter_twoStationsWithDifferentSeeds_spreadOut() {
        List<Long> a = delays(new Backoff(MIN, MAX, new SplittableRandom(1)), 12);
        List<Long> b = delays(new Backoff(MIN, MAX, new SplittableRandom(2)), 12);
        assertThat(a).isNotEqualTo(b);
        // once the ceiling is high, the draws spread over it rather than sitting at the top
        List<Long> late = delays(new Backoff(MIN, MAX, new SplittableRandom(3)), 200).subList(10, 200);
        assertThat(late.stream().distinct().count()).isGreaterThan(100);
        assertThat(late.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(1_000L);
    }

    @Test
    void reset_afterASuccess_startsFromMinAgain() {
        Backoff b = new Backoff(MIN, MAX, new Highest());
        delays(b, 6);
        b.reset();
        assertThat(b.failures()).isZero();
        assertThat(delays(b, 2)).containsExactly(100L, 200L);
    }

    @Test
    void minAboveMax_orZeroMin_isRefused() {
        assertThatThrownBy(() -> new Backoff(MAX, MIN, new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    @Property
    void delay_isNeverAboveMaxBackoff_norBelowJitteredInitial(
            @ForAll @LongRange(min = 1, max = 1000) long initialMs,
            @ForAll @LongRange(min = 0, max = 5000) long extraMs,
            @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double jitter,
            @ForAll @IntRange(min = 0, max = 1000) int attempt,
            @ForAll long seed) {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(initialMs), Duration.ofMillis(initialMs + extraMs),
                multiplier, jitter);

        Duration d = p.delay(attempt, new SplittableRandom(seed));

        assertThat(d).isLessThanOrEqualTo(p.maxBackoff());
        assertThat(d.toNanos()).isGreaterThanOrEqualTo((long) (p.initialBackoff().toNanos() * (1 - jitter)) - 1);
    }

    @Test
    void defaultPolicy_growsFrom100msTo1s_soADeviceThatReturnsIsUpWithin2s() {
        ReconnectPolicy p = ReconnectPolicy.DEFAULT;
        ReconnectPolicy noJitter = new ReconnectPolicy(p.initialBackoff(), p.maxBackoff(), p.multiplier(), 0.0);
        SplittableRandom r = new SplittableRandom(1);

        assertThat(noJitter.delay(0, r)).isEqualTo(Duration.ofMillis(100));
        assertThat(noJitter.delay(1, r)).isEqualTo(Duration.ofMillis(200));
        assertThat(noJitter.delay(3, r)).isEqualTo(Duration.ofMillis(800));
        assertThat(noJitter.delay(4, r)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(Integer.MAX_VALUE, r)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.maxBackoff()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void invalidPolicies_areRejectedWithTheirRange() {
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), 2, 0.2))
                .hasMessage("reconnect initialBackoff must be at least 1 ms, was 0 ms");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.2))
                .hasMessage("reconnect maxBackoff must be within initialBackoff (2000 ms)..60000 ms, was 1000 ms");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, 0.2))
                .hasMessage("reconnect multiplier must be within 1.0..10.0, was 0.5");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 1.5))
                .hasMessage("reconnect jitter must be within 0.0..1.0, was 1.5");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Double.NaN, 0))
                .hasMessageContaining("multiplier");
    }
}

package io.streetstation.bridge.gpio;

import java.time.Duration;
import java.util.Objects;

/**
 * One input pin.
 *
 * @param id logical name used by the agent ("estop", "door-front", "rain-backup"); [a-z0-9-]+
 * @param bcm BCM GPIO number, 0..27 on the 40-pin header
 * @param polarity which level means active
 * @param pull bias resistor
 * @param debounce contact debounce, 0..1 s
 */
public record InputPinConfig(String id, int bcm, Polarity polarity, Pull pull, Duration debounce) {
    public InputPinConfig {
        GpioConfig.checkPin(id, bcm);
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("input " + id + ": debounce must be 0..1 s, was " + debounce);
        }
    }
}

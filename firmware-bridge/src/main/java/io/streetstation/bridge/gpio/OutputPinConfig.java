package io.streetstation.bridge.gpio;

import java.util.Objects;

/**
 * One output pin (tower light lamp, nest power relay).
 *
 * @param id logical name ("tower-red", "nest-power"); [a-z0-9-]+
 * @param bcm BCM GPIO number, 0..27
 * @param polarity which level energises the load (relay boards are often active-low)
 * @param initialActive state driven when the agent starts
 * @param shutdownActive state driven when the agent stops: the safe state of the load
 */
public record OutputPinConfig(String id, int bcm, Polarity polarity, boolean initialActive, boolean shutdownActive) {
    public OutputPinConfig {
        GpioConfig.checkPin(id, bcm);
        Objects.requireNonNull(polarity, "polarity");
    }
}

package io.streetstation.bridge.gpio;

/**
 * How a pin's electrical level maps to "active". Safety inputs are wired fail-safe: an E-stop is a
 * normally-closed loop that pulls the pin low while intact, so a pressed button and a cut wire both
 * read as active ({@code ACTIVE_HIGH} with a pull-up, or as the wiring dictates).
 */
public enum Polarity {
    ACTIVE_HIGH,
    ACTIVE_LOW;

    boolean activeAt(boolean high) {
        return this == ACTIVE_HIGH ? high : !high;
    }

    boolean highFor(boolean active) {
        return this == ACTIVE_HIGH ? active : !active;
    }
}

package io.streetstation.bridge.gpio;

/**
 * Which Pi4J provider drives the pins. There is no automatic choice: a board that cannot open its
 * GPIO fails loudly instead of quietly running on simulated pins.
 */
public enum GpioProvider {
    /** The board's own GPIO through libgpiod (Raspberry Pi OS, Debian on a Pi-class board). */
    GPIOD,
    /** Pi4J's mock provider: the virtual rig and tests drive inputs and read outputs. */
    MOCK
}

package io.streetstation.bridge.gpio;

/** Internal bias resistor of an input pin. */
public enum Pull {
    NONE,
    UP,
    DOWN
}

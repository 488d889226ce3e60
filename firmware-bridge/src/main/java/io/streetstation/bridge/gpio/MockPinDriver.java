package io.streetstation.bridge.gpio;

/**
 * Moves simulated input pins. A change goes through Pi4J's mock pin, which fires the same state
 * change event a real pin fires, so the code under test sees exactly what it would on the board.
 */
public interface MockPinDriver {

    /** Sets the logical state of an input (polarity applied, so {@code true} means "pressed"). */
    void drive(String inputId, boolean active);

    /** Electrical level of an output as the hardware would see it (polarity applied the other way). */
    boolean outputLevelHigh(String outputId);
}

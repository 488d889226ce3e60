package io.streetstation.bridge.gpio;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The board's named digital pins, in logical terms (active / inactive, polarity applied).
 *
 * <p>Listeners are called on the provider's event thread; they must only post the change to an
 * actor, never act on it in place.
 */
public interface DigitalPins extends AutoCloseable {

    GpioProvider provider();

    /** Current logical state of an input. @throws IllegalArgumentException for an unknown id */
    boolean isActive(String inputId);

    /** Drives an output. @throws IllegalArgumentException for an unknown id */
    void setActive(String outputId, boolean active);

    /** Last driven logical state of an output. */
    boolean outputActive(String outputId);

    /** Registers a listener for every input change. */
    void onChange(Consumer<InputChange> listener);

    /**
     * The test/rig handle that moves simulated inputs, present only when the provider is
     * {@link GpioProvider#MOCK}.
     */
    Optional<MockPinDriver> mockDriver();

    /** Drives every output to its configured shutdown state and releases the pins. */
    @Override
    void close();
}

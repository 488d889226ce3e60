package io.streetstation.bridge.gpio;

/** The configured GPIO provider could not be opened (not a Pi, no libgpiod, no permission). */
public class GpioUnavailableException extends RuntimeException {
    public GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

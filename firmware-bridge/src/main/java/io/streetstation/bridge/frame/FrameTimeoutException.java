package io.streetstation.bridge.frame;

/** No ACK or NAK after every attempt ("0x10: no answer to ROOF_COMMAND seq 7 after 4 attempts"). */
public final class FrameTimeoutException extends FrameException {

    private final int attempts;

    public FrameTimeoutException(int peer, int attempts, String message) {
        super(peer, message);
        this.attempts = attempts;
    }

    /** Transmissions made, first one included. */
    public int attempts() {
        return attempts;
    }
}

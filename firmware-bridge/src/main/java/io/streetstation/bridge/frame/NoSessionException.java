package io.streetstation.bridge.frame;

/** Sending was attempted before the handshake with the peer completed. */
public final class NoSessionException extends FrameException {
    public NoSessionException(int peer, String message) {
        super(peer, message);
    }
}

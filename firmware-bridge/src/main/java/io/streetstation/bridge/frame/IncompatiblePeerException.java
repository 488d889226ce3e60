package io.streetstation.bridge.frame;

/** The peer speaks no protocol version this endpoint speaks; a technician must update one side. */
public final class IncompatiblePeerException extends FrameException {
    public IncompatiblePeerException(int peer, String message) {
        super(peer, message);
    }
}

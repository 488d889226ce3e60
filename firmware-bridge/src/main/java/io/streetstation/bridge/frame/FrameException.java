package io.streetstation.bridge.frame;

import java.io.IOException;

/**
 * Why a reliable send or a handshake did not succeed; delivered as the cause of a failed future.
 * A link that is down fails sends with {@link io.streetstation.bridge.link.LinkDownException}
 * instead.
 */
public abstract sealed class FrameException extends IOException
        permits FrameTimeoutException, FrameRefusedException, NoSessionException,
                IncompatiblePeerException, SendQueueFullException {

    private final int peer;

    FrameException(int peer, String message) {
        super(message);
        this.peer = peer;
    }

    /** Address of the peer concerned. */
    public int peer() {
        return peer;
    }
}

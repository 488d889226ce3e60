package io.streetstation.bridge.frame;

/** Too many unanswered frames to one peer already (PROTOCOL.md §3.2 keeps it below 32). */
public final class SendQueueFullException extends FrameException {
    public SendQueueFullException(int peer, String message) {
        super(peer, message);
    }
}

package io.streetstation.agent.uplink;

/** The outbox could not store a message (a full disk, an I/O error): it was not taken. */
public final class OutboxWriteException extends RuntimeException {

    public OutboxWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}

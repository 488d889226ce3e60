package io.streetstation.agent.journal;

/**
 * The operations journal could not make a record durable (a full disk, an I/O error, a closed
 * journal): nothing of it was kept. A job whose start this refuses must not start; the caller
 * turns it into a refusal with this message.
 */
public final class JournalWriteException extends RuntimeException {

    public JournalWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}

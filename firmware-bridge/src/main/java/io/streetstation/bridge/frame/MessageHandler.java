package io.streetstation.bridge.frame;

/**
 * Receives the messages of a {@link FrameEndpoint}, in order, on the link's reader thread. The
 * ACK waits for the verdict, so a handler must be fast (no I/O, no blocking, no waiting on a send):
 * it posts the message to an actor and answers from state it already has. An answer that depends
 * on slow work (a durable write) is a {@link Verdict.Deferred}: the reader goes on meanwhile.
 */
@FunctionalInterface
public interface MessageHandler {

    /** Decides the answer to {@code message}. A throw is answered NAK {@code REFUSED}. */
    Verdict onMessage(Inbound message);

    /** A peer's session changed (established, lost, incompatible). Same thread rules. */
    default void onSession(PeerSession session) {
    }
}

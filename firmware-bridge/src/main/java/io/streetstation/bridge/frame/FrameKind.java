package io.streetstation.bridge.frame;

/**
 * What a frame is for, from its flags: a data frame carrying a message, or the answer to one.
 * Exactly one kind per frame; the wire flags {@code ACK} and {@code NAK} never appear together.
 */
public enum FrameKind {
    /** Carries a message; may request an answer. */
    DATA,
    /** Positive answer, echoing the sequence number of the data frame it answers. */
    ACK,
    /** Negative answer with a reason ({@link Nak}), echoing the sequence number. */
    NAK
}

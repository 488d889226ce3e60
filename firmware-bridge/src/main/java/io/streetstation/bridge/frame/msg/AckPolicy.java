package io.streetstation.bridge.frame.msg;

/** Whether a message type is sent with {@code ACK_REQUESTED} (the "ACK" column of §5). */
public enum AckPolicy {
    /** Always: commands, E-stop reports, capture records. */
    ALWAYS,
    /** When sent because something changed; periodic repeats are not acknowledged. */
    ON_CHANGE,
    /** Never: high-rate telemetry whose next sample replaces a lost one. */
    NEVER
}

package io.streetstation.bridge.mavlink;

/** How a mission transfer ended. */
public enum MissionOutcome {
    COMPLETED,
    /** The vehicle answered with an error MISSION_ACK (code in the result). */
    ERROR_ACK,
    /** No answer after all retries (1500 ms × 6 tries by default). */
    TIMED_OUT,
    /** Cancelled by us. */
    CANCELLED,
    /** Not started: another transfer with this vehicle is running. */
    BUSY,
    /** Not started: the link is closed. */
    CLOSED
}

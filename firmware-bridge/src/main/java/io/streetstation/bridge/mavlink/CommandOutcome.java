package io.streetstation.bridge.mavlink;

/** How a command ended. The first ones mirror MAV_RESULT; the last ones are ours. */
public enum CommandOutcome {
    /** MAV_RESULT_ACCEPTED (0): valid and will be attempted — confirm the effect through telemetry. */
    ACCEPTED,
    /** MAV_RESULT_TEMPORARILY_REJECTED (1), e.g. a second copy of a long-running command. */
    TEMPORARILY_REJECTED,
    /** MAV_RESULT_DENIED (2). */
    DENIED,
    /** MAV_RESULT_UNSUPPORTED (3). */
    UNSUPPORTED,
    /** MAV_RESULT_FAILED (4), or a result code we do not know. */
    FAILED,
    /** MAV_RESULT_CANCELLED (6), or cancelled by us before any answer. */
    CANCELLED,
    /** MAV_RESULT_COMMAND_LONG_ONLY (7) even after resending as COMMAND_LONG. */
    COMMAND_LONG_ONLY,
    /** MAV_RESULT_COMMAND_INT_ONLY (8) even after resending as COMMAND_INT. */
    COMMAND_INT_ONLY,
    /** MAV_RESULT_COMMAND_UNSUPPORTED_MAV_FRAME (9). */
    UNSUPPORTED_MAV_FRAME,
    /** No (final) answer after all retries. */
    TIMED_OUT,
    /** Not sent: the same command to the same target is still outstanding. */
    BUSY;

    static final int MAV_RESULT_IN_PROGRESS = 5;
    static final int MAV_RESULT_COMMAND_LONG_ONLY = 7;
    static final int MAV_RESULT_COMMAND_INT_ONLY = 8;

    /** The outcome of a final MAV_RESULT code (anything but IN_PROGRESS and the *_ONLY codes). */
    static CommandOutcome ofFinal(int mavResult) {
        return switch (mavResult) {
            case 0 -> ACCEPTED;
            case 1 -> TEMPORARILY_REJECTED;
            case 2 -> DENIED;
            case 3 -> UNSUPPORTED;
            case 6 -> CANCELLED;
            case 7 -> COMMAND_LONG_ONLY;
            case 8 -> COMMAND_INT_ONLY;
            case 9 -> UNSUPPORTED_MAV_FRAME;
            default -> FAILED;
        };
    }
}

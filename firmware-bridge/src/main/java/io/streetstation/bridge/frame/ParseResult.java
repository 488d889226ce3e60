package io.streetstation.bridge.frame;

import java.util.Objects;

/** What the parser made of the bytes between two delimiters: a valid frame, or a classified error. */
public sealed interface ParseResult {

    /** A frame that passed every check of PROTOCOL.md §2.4. */
    record Parsed(Frame frame) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /**
     * Bytes that were not a frame.
     *
     * @param length bytes between the delimiters (stuffed), for the log
     */
    record Malformed(FrameError error, String detail, int length) implements ParseResult {
        public Malformed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
    }
}

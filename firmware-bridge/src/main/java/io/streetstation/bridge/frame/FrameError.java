package io.streetstation.bridge.frame;

/** Why received bytes were not a valid frame, in the order the receiver checks (PROTOCOL.md §2.4). */
public enum FrameError {
    /** A COBS code byte ran past the end of the frame. */
    BAD_COBS,
    /** Fewer than 14 bytes (10 header + 4 CRC) after COBS decoding. */
    TRUNCATED,
    /** CRC-32C over header and payload does not match the trailer. */
    BAD_CRC,
    /** CRC correct, but the version byte is not one this implementation speaks. */
    UNSUPPORTED_VERSION,
    /** The header's payload length disagrees with the frame's length. */
    LENGTH_MISMATCH,
    /** More than the maximum frame size arrived before a delimiter, or the payload exceeds 1024. */
    TOO_LONG,
    /** Flags conflict or use reserved bits, or an address is invalid. */
    BAD_HEADER
}

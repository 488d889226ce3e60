package io.streetstation.bridge.frame.msg;

/** What a payload decoded to: a whole, valid message, or why not. Never a partial message. */
public sealed interface DecodeResult {

    record Decoded(StationMessage message) implements DecodeResult {
    }

    /** The type id is not in the catalogue: answered NAK {@code UNKNOWN_TYPE}. */
    record UnknownType(int typeId) implements DecodeResult {
    }

    /** Known type, invalid payload: answered NAK {@code BAD_PAYLOAD} with {@code detail}. */
    record BadPayload(MessageType<?> type, String detail) implements DecodeResult {
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * A payload field was missing or out of range. Internal to decoding: {@link MessageCatalog}
 * catches it (and the {@link IllegalArgumentException} of a record's validation, which it extends)
 * and returns a {@link DecodeResult.BadPayload}.
 */
public final class BadPayloadException extends IllegalArgumentException {
    public BadPayloadException(String message) {
        super(message);
    }
}

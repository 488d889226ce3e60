package io.streetstation.bridge.link;

/** Health of a link as its owner reports it. */
public enum LinkState {
    /** Created or started, not yet opened. */
    CONNECTING,
    /** Port open, bytes flow. */
    UP,
    /** Port lost or not openable; the link retries with backoff. */
    DOWN,
    /** Closed by its owner; terminal. */
    CLOSED
}

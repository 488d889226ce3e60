package io.streetstation.bridge.link;

/**
 * Receives what a {@link Link} reads. Both methods are called on the link's reader thread.
 */
public interface LinkListener {

    /**
     * Bytes read from the device. {@code buffer} is reused by the link after this returns: copy
     * what must be kept.
     */
    void onBytes(byte[] buffer, int off, int len);

    /** The link went up, down, or was closed. */
    default void onStatus(LinkStatus status) {
    }
}

package io.streetstation.bridge.link;

/**
 * A byte pipe to one device: a serial port, a pseudo-terminal, a radio.
 *
 * <p>Implementations in this package are the only code in the project that opens ports. A link
 * owns its reconnection: once {@linkplain #start started} it keeps trying to be up until
 * {@linkplain #close closed}, and reports every change of {@link LinkStatus} to its listener.
 *
 * <p>Received bytes are delivered to the listener on the link's own reader thread, in order,
 * never concurrently. Listeners run protocol framing only (parsers, CRC) and hand decoded messages
 * on; they must not block and must not run domain logic.
 */
public interface Link extends AutoCloseable {

    /** Short name used in logs, thread names and statistics ("nest", "drone-2"). */
    String name();

    /**
     * Starts the link. Returns at once; the first open attempt happens on the link's thread.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start(LinkListener listener);

    /**
     * Writes all of {@code bytes[off, off+len)} or none of it.
     *
     * <p>Thread-safe: concurrent writers never interleave bytes of two calls.
     *
     * @throws LinkDownException if the link is not up or the write failed (the link then
     *     reconnects on its own)
     */
    void write(byte[] bytes, int off, int len) throws LinkDownException;

    default void write(byte[] bytes) throws LinkDownException {
        write(bytes, 0, bytes.length);
    }

    /** The current status; never null. */
    LinkStatus status();

    /** Counters of this link. Protocol layers above record frames and frame errors here. */
    LinkCounters counters();

    /** Stops the link and releases the port. Idempotent. */
    @Override
    void close();
}

package io.streetstation.bridge.mavlink;

import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.LinkDownException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Frames and writes our messages: MAVLink 2 by default, one sequence counter for our component,
 * signed when the link has a key. Thread-safe: one lock covers sequence number, encoding and the
 * write, so frames reach the wire in sequence order.
 */
public final class MavlinkSender {

    private static final TaggedLogger LOG = Logger.tag("mavlink");

    private final Link link;
    private final FrameEncoder encoder;
    private final int systemId;
    private final int componentId;
    private final SigningConfig signing;
    private final byte[] key;
    private final SigningClock signingClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private int sequence;

    MavlinkSender(Link link, FrameEncoder encoder, int systemId, int componentId, SigningConfig signing,
                  SigningClock signingClock) {
        this.link = link;
        this.encoder = encoder;
        this.systemId = systemId;
        this.componentId = componentId;
        this.signing = signing;
        this.key = signing == null ? null : signing.secretKey();
        this.signingClock = signingClock;
    }

    /** Sends {@code message} as MAVLink 2, signed if the link has a key. */
    public void send(Object message) throws LinkDownException {
        lock.lock();
        try {
            FrameEncoder.Signature sig = key == null ? null
                    : new FrameEncoder.Signature(key, signing.linkId(), signingClock.next());
            byte[] frame = encoder.v2(message, sequence, systemId, componentId, sig);
            write(frame, message);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends {@code message} as MAVLink 1, for links known to be MAVLink 1 only. Unsigned (MAVLink 1
     * cannot sign), without extension fields.
     *
     * @throws IllegalArgumentException if the message id is above 255
     */
    public void sendV1(Object message) throws LinkDownException {
        lock.lock();
        try {
            byte[] frame = encoder.v1(message, sequence, systemId, componentId);
            write(frame, message);
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] frame, Object message) throws LinkDownException {
        sequence = (sequence + 1) & 0xFF; // a frame lost to a down link still uses its number
        try {
            link.write(frame);
            framesOut.increment();
            link.counters().frameOut();
            if (LOG.isTraceEnabled()) {
                LOG.trace("{} out: {}", link.name(), java.util.HexFormat.of().formatHex(frame));
            }
        } catch (LinkDownException e) {
            sendErrors.increment();
            LOG.debug("{}: not sent, {}: {}", link.name(), message.getClass().getSimpleName(), e.getMessage());
            throw e;
        }
    }

    long framesOut() {
        return framesOut.sum();
    }

    long sendErrors() {
        return sendErrors.sum();
    }
}

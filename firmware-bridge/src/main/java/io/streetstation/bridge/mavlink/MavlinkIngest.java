package io.streetstation.bridge.mavlink;

import io.streetstation.bridge.link.LinkCounters;
import io.streetstation.bridge.mavlink.IngestCounters.Counter;
import java.util.Arrays;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The receive path of one link, exactly as the link listener runs it: parse → signing checks →
 * sequence tracking → filter by subscribed id → decode → hand to the consumer. A benchmark pushes
 * byte arrays through {@link #accept} to measure the same code.
 *
 * <p>Single-threaded: {@link #accept} must be called by one thread at a time (the link's reader).
 * {@link #want} may be called from any thread. The consumer runs on the calling thread and must
 * not block; the endpoint's consumer only enqueues to its dispatch thread.
 */
public final class MavlinkIngest {

    private static final TaggedLogger LOG = Logger.tag("mavlink");

    private final MessageCatalog catalog;
    private final PayloadDecoder decoder;
    private final Consumer<InboundMessage<?>> consumer;
    private final IngestCounters counters = new IngestCounters();
    private final PacketParser parser;
    private final SignatureVerifier verifier;
    private final UnsignedPolicy unsignedPolicy;
    private final LinkCounters linkCounters;
    private final int[] lastSequence = new int[1 << 16];
    private volatile boolean[] wanted;
    private long reportedFrames;
    private long reportedErrors;

    /** An unsigned-link ingest (signed frames are accepted unverified and counted). */
    public MavlinkIngest(MessageCatalog catalog, PayloadDecoder decoder, Consumer<InboundMessage<?>> consumer) {
        this(catalog, decoder, consumer, null, null, null);
    }

    /**
     * @param signing      key and unsigned policy, or null for a link without signing
     * @param signingClock local signing timestamp (shared with the sender), required with signing
     * @param linkCounters the link's counters to record frames and frame errors in, or null
     */
    public MavlinkIngest(MessageCatalog catalog, PayloadDecoder decoder, Consumer<InboundMessage<?>> consumer,
                         SigningConfig signing, SigningClock signingClock, LinkCounters linkCounters) {
        this.catalog = catalog;
        this.decoder = decoder;
        this.consumer = consumer;
        this.parser = new PacketParser(catalog, counters, this::onFrame);
        this.verifier = signing == null ? null : new SignatureVerifier(signing.secretKey(), signingClock);
        this.unsignedPolicy = signing == null ? null : signing.unsigned();
        this.linkCounters = linkCounters;
        this.wanted = new boolean[catalog.idLimit()];
        Arrays.fill(lastSequence, -1);
    }

    /** Decode and deliver messages of this type from now on (others stop after the CRC). */
    public synchronized void want(Class<?> type) {
        int id = catalog.id(type);
        if (id < 0) {
            throw new IllegalArgumentException(type.getName() + " is not a message of the dialect");
        }
        boolean[] next = wanted.clone();
        next[id] = true;
        wanted = next;
    }

    /** Bytes as they came from the link. Never throws because of their content. */
    public void accept(byte[] bytes, int off, int len) {
        parser.accept(bytes, off, len);
        if (linkCounters != null) {
            reportToLink();
        }
    }

    public MavlinkStatistics statistics(long framesOut, long sendErrors) {
        return counters.snapshot(framesOut, sendErrors, parser.pending());
    }

    public MavlinkStatistics statistics() {
        return statistics(0, 0);
    }

    private void onFrame(FrameView f) {
        if (f.signed) {
            if (verifier == null) {
                counters.inc(Counter.SIGNED_UNVERIFIED);
            } else {
                switch (verifier.check(f)) {
                    case VALID -> { }
                    case BAD_SIGNATURE -> {
                        counters.inc(Counter.BAD_SIGNATURES);
                        LOG.debug("bad signature from {}/{} msg {}", f.systemId, f.componentId, f.messageId);
                        return;
                    }
                    case REPLAYED -> {
                        counters.inc(Counter.REPLAYED);
                        return;
                    }
                    case STALE -> {
                        counters.inc(Counter.STALE_TIMESTAMPS);
                        return;
                    }
                }
            }
        } else if (unsignedPolicy != null && !unsignedPolicy.accepts(f.messageId)) {
            counters.inc(Counter.UNSIGNED_REJECTED);
            return;
        }

        int stream = f.systemId << 8 | f.componentId;
        int last = lastSequence[stream];
        if (last >= 0) {
            int gap = (f.sequence - last - 1) & 0xFF;
            if (gap == 0xFF) {
                counters.inc(Counter.DUPLICATES);
            } else if (gap > 0) {
                counters.add(Counter.LOST_PACKETS, gap);
            }
        }
        lastSequence[stream] = f.sequence;

        boolean[] w = wanted;
        int id = f.messageId;
        if (id >= w.length || !w[id]) {
            counters.inc(Counter.FILTERED);
            return;
        }
        Object payload;
        try {
            payload = decoder.decode(catalog.type(id), f.buf, f.payloadOffset, f.payloadLength);
        } catch (RuntimeException e) {
            counters.inc(Counter.DECODE_ERRORS);
            LOG.warn("cannot decode msg {} from {}/{}: {}", id, f.systemId, f.componentId, e.toString());
            return;
        }
        counters.inc(Counter.DECODED);
        try {
            consumer.accept(new InboundMessage<>(f.systemId, f.componentId, f.sequence, id, payload,
                    f.version, f.signed, f.signed ? f.linkId() : -1));
        } catch (RuntimeException e) {
            counters.inc(Counter.DELIVERY_ERRORS);
            LOG.error(e, "consumer failed on msg {}: {}", id, e.toString());
        }
    }

    private void reportToLink() {
        long frames = counters.get(Counter.FRAMES_V1) + counters.get(Counter.FRAMES_V2);
        long errors = counters.get(Counter.CRC_ERRORS) + counters.get(Counter.UNKNOWN_IDS)
                + counters.get(Counter.BAD_INCOMPAT_FLAGS) + counters.get(Counter.BAD_SIGNATURES)
                + counters.get(Counter.REPLAYED) + counters.get(Counter.STALE_TIMESTAMPS)
                + counters.get(Counter.UNSIGNED_REJECTED) + counters.get(Counter.DECODE_ERRORS);
        for (; reportedFrames < frames; reportedFrames++) {
            linkCounters.frameIn();
        }
        for (; reportedErrors < errors; reportedErrors++) {
            linkCounters.frameError();
        }
    }
}

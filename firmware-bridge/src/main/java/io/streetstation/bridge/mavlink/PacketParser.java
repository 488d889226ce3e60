package io.streetstation.bridge.mavlink;

import io.streetstation.bridge.mavlink.IngestCounters.Counter;

/**
 * Push parser for MAVLink 1 (0xFE) and MAVLink 2 (0xFD) frames, fed byte chunks in arrival order
 * by a single thread.
 *
 * <p>Never throws on input and never drops silently: bytes before a start byte are counted as
 * noise; a frame candidate is rejected (and counted) for unknown incompat flags, an unknown message
 * id (no CRC_EXTRA, so the CRC cannot be checked) or a CRC mismatch. After a rejection parsing
 * resumes at the byte after the rejected start byte, so a false start inside noise or inside
 * another frame never swallows the real frame behind it. The price: a false start near the end of
 * a burst holds the frames behind it until enough bytes for the claimed length have arrived (at
 * most 280), which on a streaming autopilot link is milliseconds.
 *
 * <p>Truncated MAVLink 2 payloads (trailing zeros removed by the sender) are passed on as they are;
 * decoders zero-extend.
 */
final class PacketParser {

    /** Receives each CRC-valid frame synchronously. */
    interface FrameSink {
        void onFrame(FrameView frame);
    }

    static final int MAGIC_V1 = 0xFE;
    static final int MAGIC_V2 = 0xFD;
    static final int INCOMPAT_SIGNED = 0x01;
    static final int SIGNATURE_LENGTH = 13;
    /** largest frame: v2 header 10 + payload 255 + crc 2 + signature 13 */
    static final int MAX_FRAME = 280;

    private final MessageCatalog catalog;
    private final IngestCounters counters;
    private final FrameSink sink;
    private final FrameView view = new FrameView();
    private final byte[] buf = new byte[8192];
    private int start;
    private int end;

    PacketParser(MessageCatalog catalog, IngestCounters counters, FrameSink sink) {
        this.catalog = catalog;
        this.counters = counters;
        this.sink = sink;
        view.buf = buf;
    }

    /** Bytes held for an incomplete frame. */
    int pending() {
        return end - start;
    }

    void accept(byte[] src, int off, int len) {
        counters.add(Counter.BYTES_IN, len);
        while (len > 0) {
            int n = Math.min(len, buf.length - end);
            System.arraycopy(src, off, buf, end, n);
            end += n;
            off += n;
            len -= n;
            scan();
            // keep the unconsumed tail (< MAX_FRAME bytes) at the front
            int rest = end - start;
            if (rest > 0 && start > 0) {
                System.arraycopy(buf, start, buf, 0, rest);
            }
            start = 0;
            end = rest;
        }
    }

    private void scan() {
        final byte[] b = buf;
        while (true) {
            int p = start;
            while (p < end && b[p] != (byte) MAGIC_V2 && b[p] != (byte) MAGIC_V1) {
                p++;
            }
            if (p > start) {
                counters.add(Counter.NOISE_BYTES, p - start);
                start = p;
            }
            int avail = end - start;
            if (avail < 3) {
                return;
            }
            int s = start;
            if (b[s] == (byte) MAGIC_V2) {
                int payloadLen = b[s + 1] & 0xFF;
                int incompat = b[s + 2] & 0xFF;
                if ((incompat & ~INCOMPAT_SIGNED) != 0) {
                    reject(Counter.BAD_INCOMPAT_FLAGS);
                    continue;
                }
                boolean signed = (incompat & INCOMPAT_SIGNED) != 0;
                int total = 10 + payloadLen + 2 + (signed ? SIGNATURE_LENGTH : 0);
                if (avail < total) {
                    return;
                }
                int msgId = (b[s + 7] & 0xFF) | (b[s + 8] & 0xFF) << 8 | (b[s + 9] & 0xFF) << 16;
                int extra = catalog.crcExtra(msgId);
                if (extra < 0) {
                    reject(Counter.UNKNOWN_IDS);
                    continue;
                }
                int crcAt = s + 10 + payloadLen;
                int crc = X25.accumulate(X25.accumulate(X25.INIT, b, s + 1, 9 + payloadLen), extra);
                if (crc != ((b[crcAt] & 0xFF) | (b[crcAt + 1] & 0xFF) << 8)) {
                    reject(Counter.CRC_ERRORS);
                    continue;
                }
                FrameView v = view;
                v.frameOffset = s;
                v.frameLength = total;
                v.version = 2;
                v.incompatFlags = incompat;
                v.compatFlags = b[s + 3] & 0xFF;
                v.sequence = b[s + 4] & 0xFF;
                v.systemId = b[s + 5] & 0xFF;
                v.componentId = b[s + 6] & 0xFF;
                v.messageId = msgId;
                v.payloadOffset = s + 10;
                v.payloadLength = payloadLen;
                v.signed = signed;
                v.signatureOffset = crcAt + 2;
                counters.inc(Counter.FRAMES_V2);
                accepted(total);
            } else {
                int payloadLen = b[s + 1] & 0xFF;
                int total = 6 + payloadLen + 2;
                if (avail < total) {
                    return;
                }
                int msgId = b[s + 5] & 0xFF;
                int extra = catalog.crcExtra(msgId);
                if (extra < 0) {
                    reject(Counter.UNKNOWN_IDS);
                    continue;
                }
                int crcAt = s + 6 + payloadLen;
                int crc = X25.accumulate(X25.accumulate(X25.INIT, b, s + 1, 5 + payloadLen), extra);
                if (crc != ((b[crcAt] & 0xFF) | (b[crcAt + 1] & 0xFF) << 8)) {
                    reject(Counter.CRC_ERRORS);
                    continue;
                }
                FrameView v = view;
                v.frameOffset = s;
                v.frameLength = total;
                v.version = 1;
                v.incompatFlags = 0;
                v.compatFlags = 0;
                v.sequence = b[s + 2] & 0xFF;
                v.systemId = b[s + 3] & 0xFF;
                v.componentId = b[s + 4] & 0xFF;
                v.messageId = msgId;
                v.payloadOffset = s + 6;
                v.payloadLength = payloadLen;
                v.signed = false;
                v.signatureOffset = -1;
                counters.inc(Counter.FRAMES_V1);
                accepted(total);
            }
        }
    }

    private void reject(Counter why) {
        counters.inc(why);
        start++;
    }

    private void accepted(int total) {
        counters.add(Counter.FRAME_BYTES, total);
        start += total;
        // the sink runs inside scan(); it only reads the view
        sink.onFrame(view);
    }
}

package io.streetstation.bridge.mavlink;

/**
 * One CRC-valid frame as it lies in the parser's buffer. Reused for every frame and valid only
 * during the {@link PacketParser.FrameSink#onFrame} call: copy what must be kept.
 */
final class FrameView {
    byte[] buf;
    int frameOffset;
    int frameLength;
    /** 1 or 2 */
    int version;
    int incompatFlags;
    int compatFlags;
    int sequence;
    int systemId;
    int componentId;
    int messageId;
    int payloadOffset;
    int payloadLength;
    boolean signed;
    /** offset of the 13-byte signature block (link id, timestamp, signature), if signed */
    int signatureOffset;

    int linkId() {
        return buf[signatureOffset] & 0xFF;
    }

    /** Signature timestamp, 10 µs units since 2015-01-01T00:00:00Z. */
    long timestamp() {
        long t = 0;
        for (int i = 6; i >= 1; i--) {
            t = (t << 8) | (buf[signatureOffset + i] & 0xFF);
        }
        return t;
    }
}

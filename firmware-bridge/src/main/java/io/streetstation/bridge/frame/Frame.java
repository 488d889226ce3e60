package io.streetstation.bridge.frame;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One station frame, header and payload, as validated values (PROTOCOL.md §2.2). An instance is
 * always encodable: the constructor rejects what the wire cannot carry.
 *
 * @param version protocol version of this frame, 1..255 (v1 speaks only 1)
 * @param kind data, ACK or NAK
 * @param ackRequested the receiver must answer; only on a data frame to one address
 * @param source sender address, 0x01..0xFE
 * @param destination receiver address, 0x01..0xFE, or {@link #BROADCAST}
 * @param sequence 0..65535; an answer echoes the sequence of the frame it answers
 * @param type message type id, 0..65535
 * @param payload 0..{@link #MAX_PAYLOAD} bytes; copied in and out, the record is immutable
 */
public record Frame(int version, FrameKind kind, boolean ackRequested, int source, int destination,
                    int sequence, int type, byte[] payload) {

    /** The broadcast address: every node accepts it, nobody answers it. */
    public static final int BROADCAST = 0xFF;
    /** Largest payload, bytes. Bounded so that MCU buffers are bounded (1038-byte frames). */
    public static final int MAX_PAYLOAD = 1024;
    /** The protocol version this implementation speaks. */
    public static final int VERSION = 1;

    public Frame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        check("version", version, 1, 0xFF);
        check("source", source, 0x01, 0xFE);
        check("destination", destination, 0x01, 0xFF);
        check("sequence", sequence, 0, 0xFFFF);
        check("type", type, 0, 0xFFFF);
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload " + payload.length + " bytes > " + MAX_PAYLOAD);
        }
        if (ackRequested && kind != FrameKind.DATA) {
            throw new IllegalArgumentException("only a data frame can request an ACK, not " + kind);
        }
        if (ackRequested && destination == BROADCAST) {
            throw new IllegalArgumentException("a broadcast frame cannot request an ACK");
        }
        payload = payload.clone();
    }

    private static void check(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " " + v + " out of range " + min + ".." + max);
        }
    }

    /** A version-1 data frame. */
    public static Frame data(int source, int destination, int sequence, int type, byte[] payload,
                             boolean ackRequested) {
        return new Frame(VERSION, FrameKind.DATA, ackRequested, source, destination, sequence, type,
                payload);
    }

    /** The ACK for {@code data}: addresses swapped, same sequence and type, empty payload. */
    public static Frame ackFor(Frame data) {
        return ackFor(data, data.type(), new byte[0]);
    }

    /** An ACK for {@code data} that carries a response (HELLO is answered by HELLO_ACK). */
    public static Frame ackFor(Frame data, int responseType, byte[] responsePayload) {
        return new Frame(VERSION, FrameKind.ACK, false, data.destinationOrSelf(), data.source(),
                data.sequence(), responseType, responsePayload);
    }

    /** The NAK for {@code data} with a reason; addresses swapped, same sequence and type. */
    public static Frame nakFor(Frame data, Nak nak) {
        return new Frame(VERSION, FrameKind.NAK, false, data.destinationOrSelf(), data.source(),
                data.sequence(), data.type(), nak.encode());
    }

    private int destinationOrSelf() {
        if (destination == BROADCAST) {
            throw new IllegalStateException("broadcast frames are never answered");
        }
        return destination;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length in bytes without copying. */
    public int payloadLength() {
        return payload.length;
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    public boolean isBroadcast() {
        return destination == BROADCAST;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && version == f.version && kind == f.kind
                && ackRequested == f.ackRequested && source == f.source
                && destination == f.destination && sequence == f.sequence && type == f.type
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, kind, ackRequested, source, destination, sequence, type,
                Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return String.format("Frame[v%d %s%s 0x%02X->0x%02X seq=%d type=0x%04X len=%d %s]", version,
                kind, ackRequested ? "+ACKREQ" : "", source, destination, sequence, type,
                payload.length, HexFormat.of().formatHex(payload, 0, Math.min(32, payload.length))
                        + (payload.length > 32 ? "..." : ""));
    }
}

package io.streetstation.bridge.frame;

import java.util.Arrays;

/**
 * Frames to wire bytes and back (PROTOCOL.md §2). Stateless and thread-safe.
 *
 * <p>Encoding produces {@code 0x00 COBS(header ‖ payload ‖ crc) 0x00}. Decoding takes one unstuffed
 * frame (what lies between two delimiters after COBS) and runs every check in the order of §2.4,
 * returning a {@link ParseResult} and never throwing on bad input.
 */
public final class FrameCodec {

    /** Header bytes before the payload. */
    public static final int HEADER_LENGTH = 10;
    /** CRC-32C trailer bytes. */
    public static final int CRC_LENGTH = 4;
    /** Largest unstuffed frame: 10 + 1024 + 4 = 1038 bytes. */
    public static final int MAX_FRAME = HEADER_LENGTH + Frame.MAX_PAYLOAD + CRC_LENGTH;
    /** Largest stuffed frame without delimiters: 1043 bytes. Longer input is discarded. */
    public static final int MAX_ENCODED = MAX_FRAME + (MAX_FRAME + 253) / 254;

    static final int FLAG_ACK_REQUESTED = 0x01;
    static final int FLAG_ACK = 0x02;
    static final int FLAG_NAK = 0x04;
    static final int FLAGS_KNOWN = FLAG_ACK_REQUESTED | FLAG_ACK | FLAG_NAK;

    private FrameCodec() {
    }

    /** Header, payload and CRC, before COBS. */
    public static byte[] unstuffed(Frame f) {
        byte[] p = f.payloadUnsafe();
        byte[] raw = new byte[HEADER_LENGTH + p.length + CRC_LENGTH];
        raw[0] = (byte) f.version();
        raw[1] = (byte) flags(f);
        raw[2] = (byte) f.source();
        raw[3] = (byte) f.destination();
        putU16(raw, 4, f.sequence());
        putU16(raw, 6, f.type());
        putU16(raw, 8, p.length);
        System.arraycopy(p, 0, raw, HEADER_LENGTH, p.length);
        int crc = Crc32c.of(raw, 0, HEADER_LENGTH + p.length);
        putU32(raw, HEADER_LENGTH + p.length, crc);
        return raw;
    }

    /** The bytes to write to the link: leading delimiter, COBS, trailing delimiter. */
    public static byte[] encode(Frame f) {
        byte[] raw = unstuffed(f);
        byte[] out = new byte[Cobs.maxEncodedLength(raw.length) + 2];
        int n = Cobs.encode(raw, 0, raw.length, out, 1);
        out[0] = 0;
        out[n + 1] = 0;
        return Arrays.copyOf(out, n + 2);
    }

    private static int flags(Frame f) {
        int flags = f.ackRequested() ? FLAG_ACK_REQUESTED : 0;
        return switch (f.kind()) {
            case DATA -> flags;
            case ACK -> flags | FLAG_ACK;
            case NAK -> flags | FLAG_NAK;
        };
    }

    /**
     * Validates one unstuffed frame {@code raw[off, off+len)} in the order of PROTOCOL.md §2.4.
     * Never throws on bad input.
     */
    public static ParseResult decode(byte[] raw, int off, int len) {
        if (len < HEADER_LENGTH + CRC_LENGTH) {
            return bad(FrameError.TRUNCATED, "frame of " + len + " bytes, need at least 14", len);
        }
        int crcAt = off + len - CRC_LENGTH;
        int expected = getU32(raw, crcAt);
        int actual = Crc32c.of(raw, off, len - CRC_LENGTH);
        if (expected != actual) {
            return bad(FrameError.BAD_CRC, String.format("CRC 0x%08X, computed 0x%08X over %d bytes",
                    expected, actual, len - CRC_LENGTH), len);
        }
        int version = raw[off] & 0xFF;
        if (version != Frame.VERSION) {
            return bad(FrameError.UNSUPPORTED_VERSION, "version " + version + ", speak "
                    + Frame.VERSION, len);
        }
        int payloadLength = getU16(raw, off + 8);
        if (payloadLength > Frame.MAX_PAYLOAD) {
            return bad(FrameError.TOO_LONG, "payload length " + payloadLength + " > "
                    + Frame.MAX_PAYLOAD, len);
        }
        if (HEADER_LENGTH + payloadLength + CRC_LENGTH != len) {
            return bad(FrameError.LENGTH_MISMATCH, "header says " + payloadLength
                    + " payload bytes, frame carries " + (len - HEADER_LENGTH - CRC_LENGTH), len);
        }
        int flags = raw[off + 1] & 0xFF;
        int source = raw[off + 2] & 0xFF;
        int destination = raw[off + 3] & 0xFF;
        String headerProblem = headerProblem(flags, source, destination);
        if (headerProblem != null) {
            return bad(FrameError.BAD_HEADER, headerProblem, len);
        }
        FrameKind kind = (flags & FLAG_ACK) != 0 ? FrameKind.ACK
                : (flags & FLAG_NAK) != 0 ? FrameKind.NAK : FrameKind.DATA;
        byte[] payload = Arrays.copyOfRange(raw, off + HEADER_LENGTH, off + HEADER_LENGTH + payloadLength);
        return new ParseResult.Parsed(new Frame(version, kind, (flags & FLAG_ACK_REQUESTED) != 0,
                source, destination, getU16(raw, off + 4), getU16(raw, off + 6), payload));
    }

    private static String headerProblem(int flags, int source, int destination) {
        if ((flags & ~FLAGS_KNOWN) != 0) {
            return String.format("reserved flag bits set: 0x%02X", flags);
        }
        int kinds = Integer.bitCount(flags & (FLAG_ACK | FLAG_NAK));
        if (kinds > 1 || (kinds == 1 && (flags & FLAG_ACK_REQUESTED) != 0)) {
            return String.format("conflicting flags 0x%02X", flags);
        }
        if ((flags & FLAG_ACK_REQUESTED) != 0 && destination == Frame.BROADCAST) {
            return "ACK requested on a broadcast";
        }
        if (source == 0 || source == Frame.BROADCAST) {
            return String.format("invalid source address 0x%02X", source);
        }
        if (destination == 0) {
            return "invalid destination address 0x00";
        }
        return null;
    }

    private static ParseResult bad(FrameError e, String detail, int len) {
        return new ParseResult.Malformed(e, detail, len);
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static int getU16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static int getU32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16
                | (b[at + 3] & 0xFF) << 24;
    }
}

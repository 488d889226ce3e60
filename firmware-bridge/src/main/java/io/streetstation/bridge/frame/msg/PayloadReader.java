package io.streetstation.bridge.frame.msg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a payload little-endian with bounds checks. Every problem (too short, a bool other than
 * 0/1, an unknown enum code, bad UTF-8, a string over its limit) is a {@link BadPayloadException},
 * which {@link MessageCatalog#decode} turns into a {@link DecodeResult.BadPayload} value; it never
 * leaves the catalogue.
 */
public final class PayloadReader {

    private final byte[] b;
    private int at;

    PayloadReader(byte[] payload) {
        this.b = payload;
    }

    private void need(int k, String field) {
        if (at + k > b.length) {
            throw new BadPayloadException(field + ": payload ends at byte " + b.length
                    + ", need " + (at + k));
        }
    }

    public int u8(String field) {
        need(1, field);
        return b[at++] & 0xFF;
    }

    public boolean bool(String field) {
        int v = u8(field);
        if (v > 1) {
            throw new BadPayloadException(field + ": boolean must be 0 or 1, was " + v);
        }
        return v == 1;
    }

    public int u16(String field) {
        need(2, field);
        int v = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        at += 2;
        return v;
    }

    public int i16(String field) {
        return (short) u16(field);
    }

    public long u32(String field) {
        need(4, field);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) (b[at + i] & 0xFF) << (8 * i);
        }
        at += 4;
        return v;
    }

    public long i64(String field) {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (b[at + i] & 0xFF) << (8 * i);
        }
        at += 8;
        return v;
    }

    public byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
        at += n;
        return out;
    }

    /** All bytes left; for a trailing variable-length field (chunk data). */
    public byte[] rest() {
        return bytes(b.length - at, "rest");
    }

    /** {@code str(max)}: u8 length 0..max, then strict UTF-8. */
    public String str(int max, String field) {
        int n = u8(field + " length");
        if (n > max) {
            throw new BadPayloadException(field + ": " + n + " bytes > " + max);
        }
        byte[] raw = bytes(n, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPayloadException(field + ": not valid UTF-8");
        }
    }

    public <E extends Enum<E> & WireEnum> E enumeration(Class<E> type, String field) {
        return WireEnum.fromCode(type, u8(field), field);
    }

    void expectEnd() {
        if (at != b.length) {
            throw new BadPayloadException((b.length - at) + " trailing bytes after byte " + at);
        }
    }
}

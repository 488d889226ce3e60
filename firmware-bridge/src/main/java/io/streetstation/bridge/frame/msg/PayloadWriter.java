package io.streetstation.bridge.frame.msg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes a payload little-endian, in the field types of PROTOCOL.md §5. Values are pre-validated. */
public final class PayloadWriter {

    private byte[] buf = new byte[64];
    private int n;

    private void room(int k) {
        if (n + k > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }
    }

    public PayloadWriter u8(int v) {
        room(1);
        buf[n++] = (byte) v;
        return this;
    }

    public PayloadWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public PayloadWriter u16(int v) {
        room(2);
        buf[n++] = (byte) v;
        buf[n++] = (byte) (v >>> 8);
        return this;
    }

    public PayloadWriter i16(int v) {
        return u16(v);
    }

    public PayloadWriter u32(long v) {
        room(4);
        for (int i = 0; i < 4; i++) {
            buf[n++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public PayloadWriter i64(long v) {
        room(8);
        for (int i = 0; i < 8; i++) {
            buf[n++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public PayloadWriter bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return this;
    }

    /** {@code str(n)}: u8 length, then UTF-8. */
    public PayloadWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u8(b.length).bytes(b);
    }

    public PayloadWriter enumeration(WireEnum e) {
        return u8(e.code());
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, n);
    }
}

package io.streetstation.bridge.frame;

import java.util.HexFormat;

/** Byte-array literals for golden vectors. */
public final class Bytes {

    private Bytes() {
    }

    /** {@code bytes(0x01, 0xFF)}: each int is one byte, 0..255. */
    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + values[i]);
            }
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** {@code hex("01 0a ff")}: spaces ignored. */
    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    /** Concatenation. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** {@code n} bytes counting up from {@code first}, wrapping 255 to 0. */
    public static byte[] run(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }
}

package io.streetstation.bridge.frame;

/**
 * Consistent Overhead Byte Stuffing (Cheshire &amp; Baker, 1999): removes every {@code 0x00} from a
 * block so that {@code 0x00} can delimit frames on the wire.
 *
 * <p>Why COBS: the overhead is constant and bounded (at most one byte per 254, plus one), and a
 * receiver resynchronises at the very next delimiter after noise, which matters on an RS-485 bus
 * where collisions and motor EMI corrupt frames. Blocks are {@code code, data...}; {@code code}
 * 1..255 is one more than the data bytes that follow; codes below {@code 0xFF} imply a zero after
 * their data, except for the last block.
 */
public final class Cobs {

    private Cobs() {
    }

    /** Largest encoded size of {@code n} bytes: {@code n + n/254 + 1}. */
    public static int maxEncodedLength(int n) {
        return n + n / 254 + 1;
    }

    /** Encodes {@code data}; the result contains no {@code 0x00} and no delimiter. */
    public static byte[] encode(byte[] data) {
        byte[] out = new byte[maxEncodedLength(data.length)];
        int n = encode(data, 0, data.length, out, 0);
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Encodes {@code src[off, off+len)} into {@code dst} at {@code dstOff}, which must have room for
     * {@link #maxEncodedLength(int) maxEncodedLength(len)} bytes.
     *
     * @return number of bytes written
     */
    public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int out = dstOff;
        int codeAt = out++;
        int code = 1;
        for (int i = 0; i < len; i++) {
            byte b = src[off + i];
            if (b != 0) {
                dst[out++] = b;
                code++;
            }
            if (b == 0 || code == 0xFF) {
                dst[codeAt] = (byte) code;
                code = 1;
                codeAt = out;
                // a full block that ends the data needs no further code byte
                if (b == 0 || i + 1 < len) {
                    out++;
                }
            }
        }
        dst[codeAt] = (byte) code;
        return out - dstOff;
    }

    /**
     * Decodes {@code src[off, off+len)} (no delimiters) into {@code dst} at {@code dstOff}; the
     * decoded data is never longer than {@code len}.
     *
     * @return decoded length, or {@code -1} if the input is not valid COBS (a zero byte, or a code
     *     that runs past the end)
     */
    public static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int in = off;
        int end = off + len;
        int out = dstOff;
        while (in < end) {
            int code = src[in++] & 0xFF;
            if (code == 0 || in + code - 1 > end) {
                return -1;
            }
            for (int k = 1; k < code; k++) {
                byte b = src[in++];
                if (b == 0) {
                    return -1;
                }
                dst[out++] = b;
            }
            if (code != 0xFF && in < end) {
                dst[out++] = 0;
            }
        }
        return out - dstOff;
    }

    /**
     * Decodes a whole block; for tools and tests.
     *
     * @throws IllegalArgumentException if {@code encoded} is not valid COBS
     */
    public static byte[] decode(byte[] encoded) {
        byte[] out = new byte[encoded.length];
        int n = decode(encoded, 0, encoded.length, out, 0);
        if (n < 0) {
            throw new IllegalArgumentException("not valid COBS (" + encoded.length + " bytes)");
        }
        return java.util.Arrays.copyOf(out, n);
    }
}

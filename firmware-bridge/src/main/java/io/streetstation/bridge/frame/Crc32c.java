package io.streetstation.bridge.frame;

import java.util.zip.CRC32C;

/**
 * CRC-32C (Castagnoli, reflected polynomial {@code 0x82F63B78}, init and final XOR
 * {@code 0xFFFFFFFF}), the frame check of the station protocol. Check value:
 * {@code "123456789"} gives {@code 0xE3069283}. Backed by the JDK's intrinsic implementation.
 */
public final class Crc32c {

    private Crc32c() {
    }

    /** CRC-32C of {@code b[off, off+len)} as the 32 bits of an int (compare with {@code ==}). */
    public static int of(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    public static int of(byte[] b) {
        return of(b, 0, b.length);
    }
}

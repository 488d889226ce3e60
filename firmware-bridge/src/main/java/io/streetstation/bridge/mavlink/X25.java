package io.streetstation.bridge.mavlink;

/** CRC-16/MCRF4XX ("X.25" in MAVLink's words): init 0xFFFF, reflected poly 0x1021, no final xor. */
final class X25 {
    static final int INIT = 0xFFFF;

    private X25() {
    }

    static int accumulate(int crc, int b) {
        int tmp = (b & 0xFF) ^ (crc & 0xFF);
        tmp = (tmp ^ (tmp << 4)) & 0xFF;
        return ((crc >>> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >>> 4)) & 0xFFFF;
    }

    static int accumulate(int crc, byte[] buf, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            int tmp = (buf[i] & 0xFF) ^ (crc & 0xFF);
            tmp = (tmp ^ (tmp << 4)) & 0xFF;
            crc = ((crc >>> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >>> 4)) & 0xFFFF;
        }
        return crc;
    }
}

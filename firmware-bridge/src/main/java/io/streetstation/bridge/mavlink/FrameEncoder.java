package io.streetstation.bridge.mavlink;

import java.security.MessageDigest;

/**
 * Builds complete frames from dronefleet message objects: payload by a {@link PayloadEncoder},
 * MAVLink 2 trailing-zero truncation, header, CRC with CRC_EXTRA, optional signature. Pure apart
 * from a reused digest: not thread-safe, {@link MavlinkSender} serializes access.
 */
final class FrameEncoder {

    /** Signature inputs for one frame. */
    record Signature(byte[] key, int linkId, long timestamp) {
    }

    private final MessageCatalog catalog;
    private final PayloadEncoder payloads;
    private final MessageDigest sha256 = SignatureVerifier.newSha256();

    FrameEncoder(MessageCatalog catalog, PayloadEncoder payloads) {
        this.catalog = catalog;
        this.payloads = payloads;
    }

    int messageId(Object message) {
        int id = catalog.id(message.getClass());
        if (id < 0) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not a message of the dialect");
        }
        return id;
    }

    /** A MAVLink 2 frame; signed when {@code signature} is not null. */
    byte[] v2(Object message, int seq, int sysId, int compId, Signature signature) {
        int id = messageId(message);
        byte[] payload = payloads.encode(message);
        int len = payload.length;
        while (len > 1 && payload[len - 1] == 0) {
            len--; // the first payload byte is never truncated
        }
        int total = 10 + len + 2 + (signature != null ? PacketParser.SIGNATURE_LENGTH : 0);
        byte[] f = new byte[total];
        f[0] = (byte) PacketParser.MAGIC_V2;
        f[1] = (byte) len;
        f[2] = (byte) (signature != null ? PacketParser.INCOMPAT_SIGNED : 0);
        f[3] = 0;
        f[4] = (byte) seq;
        f[5] = (byte) sysId;
        f[6] = (byte) compId;
        f[7] = (byte) id;
        f[8] = (byte) (id >>> 8);
        f[9] = (byte) (id >>> 16);
        System.arraycopy(payload, 0, f, 10, len);
        int crc = X25.accumulate(X25.accumulate(X25.INIT, f, 1, 9 + len), catalog.crcExtra(id));
        f[10 + len] = (byte) crc;
        f[11 + len] = (byte) (crc >>> 8);
        if (signature != null) {
            int s = 12 + len;
            f[s] = (byte) signature.linkId();
            long ts = signature.timestamp();
            for (int i = 0; i < 6; i++) {
                f[s + 1 + i] = (byte) (ts >>> (8 * i));
            }
            sha256.reset();
            sha256.update(signature.key());
            sha256.update(f, 0, s + 7);
            byte[] digest = sha256.digest();
            System.arraycopy(digest, 0, f, s + 7, 6);
        }
        return f;
    }

    /**
     * A MAVLink 1 frame, for legacy radios only. Extension fields are left out (they do not exist in
     * MAVLink 1; dronefleet's send1 wrongly includes them).
     *
     * @throws IllegalArgumentException for message ids above 255, which MAVLink 1 cannot carry
     *     (dronefleet's send1 silently truncates the id)
     */
    byte[] v1(Object message, int seq, int sysId, int compId) {
        int id = messageId(message);
        if (id > 255) {
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " has id " + id
                    + ", which MAVLink 1 cannot carry; send it as MAVLink 2");
        }
        byte[] payload = payloads.encode(message);
        int len = catalog.baseLength(id);
        byte[] f = new byte[6 + len + 2];
        f[0] = (byte) PacketParser.MAGIC_V1;
        f[1] = (byte) len;
        f[2] = (byte) seq;
        f[3] = (byte) sysId;
        f[4] = (byte) compId;
        f[5] = (byte) id;
        System.arraycopy(payload, 0, f, 6, Math.min(len, payload.length));
        int crc = X25.accumulate(X25.accumulate(X25.INIT, f, 1, 5 + len), catalog.crcExtra(id));
        f[6 + len] = (byte) crc;
        f[7 + len] = (byte) (crc >>> 8);
        return f;
    }
}

package io.streetstation.bridge.mavlink;

import java.util.Arrays;
import java.util.Objects;

/**
 * MAVLink 2 message signing of one link (devguide guide/message_signing).
 *
 * @param secretKey 32-byte shared key (as set with SETUP_SIGNING); never logged
 * @param linkId    our link id in outgoing signatures, 0..255
 * @param unsigned  what to do with unsigned incoming frames
 */
public record SigningConfig(byte[] secretKey, int linkId, UnsignedPolicy unsigned) {

    public SigningConfig {
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(unsigned, "unsigned");
        if (secretKey.length != 32) {
            throw new IllegalArgumentException("signing key must be 32 bytes, was " + secretKey.length);
        }
        if (linkId < 0 || linkId > 255) {
            throw new IllegalArgumentException("link id must be 0..255, was " + linkId);
        }
        secretKey = secretKey.clone();
    }

    public SigningConfig(byte[] secretKey, int linkId) {
        this(secretKey, linkId, UnsignedPolicy.defaultForSignedLink());
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningConfig s && s.linkId == linkId && s.unsigned.equals(unsigned)
                && Arrays.equals(s.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(linkId, unsigned, Arrays.hashCode(secretKey));
    }

    @Override
    public String toString() {
        return "SigningConfig[linkId=" + linkId + ", unsigned=" + unsigned + ", key=<hidden>]";
    }
}

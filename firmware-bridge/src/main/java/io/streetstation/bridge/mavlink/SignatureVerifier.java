package io.streetstation.bridge.mavlink;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks signed incoming frames: the 48-bit SHA-256 signature over key ‖ header ‖ payload ‖ CRC ‖
 * link id ‖ timestamp, then the timestamp rules — strictly newer than the last accepted one of
 * the same (sysid, compid, link id) stream (else a replay) and not more than 60 s (6,000,000
 * units) behind our local timestamp. Used by one thread (the link reader).
 */
final class SignatureVerifier {

    enum Verdict { VALID, BAD_SIGNATURE, REPLAYED, STALE }

    static final long MAX_AGE = 6_000_000L;

    private final byte[] key;
    private final SigningClock clock;
    private final MessageDigest sha256;
    private final Map<Integer, Long> lastByStream = new HashMap<>();

    SignatureVerifier(byte[] key, SigningClock clock) {
        this.key = key.clone();
        this.clock = clock;
        this.sha256 = newSha256();
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    Verdict check(FrameView f) {
        sha256.reset();
        sha256.update(key);
        int signedLen = f.signatureOffset + 7 - f.frameOffset;
        sha256.update(f.buf, f.frameOffset, signedLen);
        byte[] digest = sha256.digest();
        int sigAt = f.signatureOffset + 7;
        int diff = 0;
        for (int i = 0; i < 6; i++) {
            diff |= digest[i] ^ f.buf[sigAt + i];
        }
        if (diff != 0) {
            return Verdict.BAD_SIGNATURE;
        }
        long ts = f.timestamp();
        int stream = f.systemId << 16 | f.componentId << 8 | f.linkId();
        Long last = lastByStream.get(stream);
        if (last != null && ts <= last) {
            return Verdict.REPLAYED;
        }
        if (ts < clock.local() - MAX_AGE) {
            return Verdict.STALE;
        }
        lastByStream.put(stream, ts);
        clock.observed(ts);
        return Verdict.VALID;
    }
}

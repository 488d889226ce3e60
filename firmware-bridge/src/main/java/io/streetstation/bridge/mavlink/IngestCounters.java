package io.streetstation.bridge.mavlink;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Receive-side counters. Written by one thread only (the link's reader), so an increment is a
 * plain read plus an opaque write: atomic for 64-bit values even on 32-bit ARM, no fence.
 * Read from any thread through {@link #snapshot()}.
 */
final class IngestCounters {

    enum Counter {
        BYTES_IN, NOISE_BYTES, FRAME_BYTES, FRAMES_V1, FRAMES_V2, CRC_ERRORS, UNKNOWN_IDS, BAD_INCOMPAT_FLAGS,
        BAD_SIGNATURES, REPLAYED, STALE_TIMESTAMPS, UNSIGNED_REJECTED, SIGNED_UNVERIFIED,
        LOST_PACKETS, DUPLICATES, FILTERED, DECODED, DECODE_ERRORS, DELIVERY_ERRORS
    }

    private static final Counter[] ALL = Counter.values();
    private final AtomicLongArray values = new AtomicLongArray(ALL.length);

    void add(Counter c, long n) {
        int i = c.ordinal();
        values.setOpaque(i, values.getPlain(i) + n);
    }

    void inc(Counter c) {
        int i = c.ordinal();
        values.setOpaque(i, values.getPlain(i) + 1);
    }

    long get(Counter c) {
        return values.getOpaque(c.ordinal());
    }

    MavlinkStatistics snapshot(long framesOut, long sendErrors, int pendingBytes) {
        return new MavlinkStatistics(get(Counter.BYTES_IN), get(Counter.NOISE_BYTES), pendingBytes,
                get(Counter.FRAME_BYTES),
                get(Counter.FRAMES_V1), get(Counter.FRAMES_V2), get(Counter.CRC_ERRORS),
                get(Counter.UNKNOWN_IDS), get(Counter.BAD_INCOMPAT_FLAGS), get(Counter.BAD_SIGNATURES),
                get(Counter.REPLAYED), get(Counter.STALE_TIMESTAMPS), get(Counter.UNSIGNED_REJECTED),
                get(Counter.SIGNED_UNVERIFIED), get(Counter.LOST_PACKETS), get(Counter.DUPLICATES),
                get(Counter.FILTERED), get(Counter.DECODED), get(Counter.DECODE_ERRORS),
                get(Counter.DELIVERY_ERRORS), framesOut, sendErrors);
    }
}

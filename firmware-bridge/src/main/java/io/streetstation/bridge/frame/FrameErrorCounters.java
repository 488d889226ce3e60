package io.streetstation.bridge.frame;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-kind counts of bad frames on one link, next to the link's total in
 * {@link io.streetstation.bridge.link.LinkCounters#frameError()}. Thread-safe.
 */
public final class FrameErrorCounters {

    private final Map<FrameError, LongAdder> counts = new EnumMap<>(FrameError.class);
    private final LongAdder skipped = new LongAdder();

    public FrameErrorCounters() {
        for (FrameError e : FrameError.values()) {
            counts.put(e, new LongAdder());
        }
    }

    void count(FrameError e) {
        counts.get(e).increment();
    }

    void skipped(int bytes) {
        skipped.add(bytes);
    }

    public long get(FrameError e) {
        return counts.get(e).sum();
    }

    /** Current counts, every kind present. */
    public Map<FrameError, Long> snapshot() {
        Map<FrameError, Long> m = new EnumMap<>(FrameError.class);
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return Collections.unmodifiableMap(m);
    }

    /** Sum over all kinds. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /**
     * Bytes discarded before the first delimiter after start or reconnect: joining a stream
     * mid-frame is normal, so these are not errors.
     */
    public long skippedBytes() {
        return skipped.sum();
    }
}

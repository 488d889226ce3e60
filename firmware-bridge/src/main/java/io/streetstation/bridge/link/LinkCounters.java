package io.streetstation.bridge.link;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one link. The link counts bytes, I/O errors and reconnects; the protocol layer
 * above it counts frames and frame errors (bad CRC, malformed, unknown). Thread-safe.
 */
public final class LinkCounters {
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder frameErrors = new LongAdder();
    private final LongAdder ioErrors = new LongAdder();
    private final LongAdder reconnects = new LongAdder();

    public void bytesIn(int n) {
        bytesIn.add(n);
    }

    public void bytesOut(int n) {
        bytesOut.add(n);
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void frameError() {
        frameErrors.increment();
    }

    public void ioError() {
        ioErrors.increment();
    }

    public void reconnect() {
        reconnects.increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(bytesIn.sum(), bytesOut.sum(), framesIn.sum(), framesOut.sum(),
                frameErrors.sum(), ioErrors.sum(), reconnects.sum());
    }

    /** Counter values at one moment. */
    public record Snapshot(long bytesIn, long bytesOut, long framesIn, long framesOut,
                           long frameErrors, long ioErrors, long reconnects) {
    }
}

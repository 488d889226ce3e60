package io.streetstation.bridge.link;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A fake transport for protocol tests: two ends joined in memory. Each end delivers what the other
 * writes on its own named reader thread, in order, as a real link does. A fault policy on each
 * direction can drop, corrupt, duplicate or split chunks; {@link #unplug()} / {@link #replug()}
 * take both ends down and up.
 *
 * <p>Tests that need the real serial path use the virtual serial cable instead.
 */
public final class MemoryLink implements Link {

    private static final byte[] POISON = new byte[0];

    private final String name;
    private final LinkCounters counters = new LinkCounters();
    private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    private volatile MemoryLink peer;
    private volatile LinkStatus status;
    private volatile LinkListener listener;
    private volatile UnaryOperator<byte[]> outboundFault = UnaryOperator.identity();
    private Thread reader;

    private MemoryLink(String name) {
        this.name = name;
        this.status = new LinkStatus(name, LinkState.CONNECTING, "created", Instant.now());
    }

    /** Two joined ends: what {@code [0]} writes, {@code [1]} reads, and the other way round. */
    public static MemoryLink[] pair(String a, String b) {
        MemoryLink x = new MemoryLink(a);
        MemoryLink y = new MemoryLink(b);
        x.peer = y;
        y.peer = x;
        return new MemoryLink[] {x, y};
    }

    /**
     * Fault applied to every chunk this end writes, before the peer sees it. Return null to drop
     * the chunk.
     */
    public void outboundFault(UnaryOperator<byte[]> fault) {
        this.outboundFault = Objects.requireNonNull(fault);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(LinkListener l) {
        if (reader != null) {
            throw new IllegalStateException(name + ": already started");
        }
        this.listener = Objects.requireNonNull(l);
        reader = Thread.ofPlatform().name("link-" + name).daemon().start(this::readLoop);
        setStatus(LinkState.UP, "memory link up");
    }

    private void readLoop() {
        try {
            while (true) {
                byte[] chunk = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (chunk == POISON) {
                    return;
                }
                if (chunk != null) {
                    counters.bytesIn(chunk.length);
                    listener.onBytes(chunk, 0, chunk.length);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws LinkDownException {
        if (!status.isUp()) {
            throw new LinkDownException(name + ": link is " + status.state());
        }
        byte[] chunk = outboundFault.apply(Arrays.copyOfRange(bytes, off, off + len));
        counters.bytesOut(len);
        MemoryLink p = peer;
        if (chunk != null && p.status.isUp()) {
            p.inbox.add(chunk);
        }
    }

    /** Both ends go down (a cable pulled); writes fail until {@link #replug()}. */
    public void unplug() {
        setStatus(LinkState.DOWN, "unplugged");
        peer.setStatus(LinkState.DOWN, "unplugged");
    }

    public void replug() {
        counters.reconnect();
        peer.counters.reconnect();
        setStatus(LinkState.UP, "replugged");
        peer.setStatus(LinkState.UP, "replugged");
    }

    private void setStatus(LinkState state, String detail) {
        status = new LinkStatus(name, state, detail, Instant.now());
        LinkListener l = listener;
        if (l != null) {
            l.onStatus(status);
        }
    }

    @Override
    public LinkStatus status() {
        return status;
    }

    @Override
    public LinkCounters counters() {
        return counters;
    }

    @Override
    public synchronized void close() {
        if (status.state() == LinkState.CLOSED) {
            return;
        }
        setStatus(LinkState.CLOSED, "closed");
        inbox.add(POISON);
    }
}

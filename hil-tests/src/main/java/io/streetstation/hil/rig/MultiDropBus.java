package io.streetstation.hil.rig;

import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.LinkCounters;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.link.LinkListener;
import io.streetstation.bridge.link.LinkStatus;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An RS-485 multi-drop bus on the simulator side of one cable: every attached device gets its own
 * {@link Link} view; every view hears every byte on the bus (each device's protocol layer ignores
 * frames not addressed to it, as on the real bus), and writes from all views go out on the one
 * cable, never interleaved within a write.
 *
 * <p>The devices' listeners run one after another on the cable's reader thread.
 */
public final class MultiDropBus {

    private final Link cable;
    private final List<Tap> taps = new CopyOnWriteArrayList<>();
    private boolean started;

    public MultiDropBus(Link cable) {
        this.cable = Objects.requireNonNull(cable);
    }

    /** A device's view of the bus; start it like any link. */
    public synchronized Link attach(String deviceName) {
        Tap t = new Tap(cable.name() + "/" + deviceName);
        taps.add(t);
        if (!started) {
            started = true;
            cable.start(new LinkListener() {
                @Override
                public void onBytes(byte[] buffer, int off, int len) {
                    for (Tap tap : taps) {
                        tap.deliver(buffer, off, len);
                    }
                }

                @Override
                public void onStatus(LinkStatus status) {
                    for (Tap tap : taps) {
                        tap.status(status);
                    }
                }
            });
        }
        return t;
    }

    private final class Tap implements Link {
        private final String name;
        private final LinkCounters counters = new LinkCounters();
        private volatile LinkListener listener;
        private volatile boolean closed;

        Tap(String name) {
            this.name = name;
        }

        void deliver(byte[] buffer, int off, int len) {
            LinkListener l = listener;
            if (l != null && !closed) {
                counters.bytesIn(len);
                l.onBytes(buffer, off, len);
            }
        }

        void status(LinkStatus s) {
            LinkListener l = listener;
            if (l != null && !closed) {
                l.onStatus(new LinkStatus(name, s.state(), s.detail(), s.since()));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(LinkListener l) {
            if (listener != null) {
                throw new IllegalStateException(name + ": already started");
            }
            listener = Objects.requireNonNull(l);
            l.onStatus(status());
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws LinkDownException {
            if (closed) {
                throw new LinkDownException(name + ": closed");
            }
            cable.write(bytes, off, len);
            counters.bytesOut(len);
        }

        @Override
        public LinkStatus status() {
            LinkStatus s = cable.status();
            return new LinkStatus(name, s.state(), s.detail(), s.since());
        }

        @Override
        public LinkCounters counters() {
            return counters;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

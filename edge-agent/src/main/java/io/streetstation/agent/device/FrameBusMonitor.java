package io.streetstation.agent.device;

import io.streetstation.agent.actor.Failures;
import io.streetstation.agent.config.StationConfig;
import io.streetstation.bridge.frame.EndpointConfig;
import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.Inbound;
import io.streetstation.bridge.frame.MessageHandler;
import io.streetstation.bridge.frame.PeerSession;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.image.ImageAssembler;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.ImageChunk;
import io.streetstation.bridge.frame.msg.RackSlotState;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.time.StationClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * One station-frame bus as the agent (bus master) sees it: a {@link FrameEndpoint} in the agent
 * role that greets every configured device when the link comes up, and a monitor per device that
 * keeps what it reports. Messages from an address the configuration does not name are refused.
 *
 * <p>The handler runs on the bus link's reader thread and only records state (no I/O, no waiting).
 */
public final class FrameBusMonitor implements MessageHandler, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("device");

    private final StationConfig.FrameBus bus;
    private final StationClock clock;
    private final FrameEndpoint endpoint;
    private final Map<Integer, FrameDeviceMonitor> devices = new LinkedHashMap<>();
    private final ImageAssembler images;
    private volatile Listener listener = new Listener() { };
    private final java.util.List<java.util.function.BiConsumer<FrameDeviceMonitor, StationMessage>> reports =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The store of the capture the chunk being handled completed; reader thread only. */
    private CompletionStage<Void> storing;

    /**
     * Told what a device reported beyond its state, on the bus reader thread: keep it short (hand
     * over, never wait).
     */
    public interface Listener {
        /**
         * A device raised an event. Its frame is ACKed — the firmware may then forget it — only
         * when the returned stage completes, NAKed if it fails: complete it once the event is
         * stored durably.
         */
        default CompletionStage<Void> deviceEvent(FrameDeviceMonitor device, DeviceEvent event) {
            return CompletableFuture.completedFuture(null);
        }

        /**
         * A capture arrived whole and verified. The camera's last chunk is ACKed — the camera may
         * then forget the image — only when the returned stage completes, NAKed if it fails: a
         * listener that completes it once the capture is stored durably makes the hand-over
         * loss-free. The bus goes on reading meanwhile.
         */
        default CompletionStage<Void> captured(FrameDeviceMonitor device, CaptureRecord record, byte[] jpeg) {
            return CompletableFuture.completedFuture(null);
        }

        default void captureFailed(FrameDeviceMonitor device, CaptureRecord record, String failure, String detail) {
        }
    }

    public FrameBusMonitor(StationConfig.FrameBus bus, Link link, StationClock clock, PeerIdentity agent) {
        this.bus = bus;
        this.clock = clock;
        int[] addresses = bus.devices().stream().mapToInt(StationConfig.FrameDevice::address).toArray();
        this.images = new ImageAssembler(clock, ImageAssembler.Limits.defaults(), this::onImage);
        this.endpoint = new FrameEndpoint(link, clock, EndpointConfig.agent(agent, addresses), this);
        for (StationConfig.FrameDevice d : bus.devices()) {
            devices.put(d.address(), new FrameDeviceMonitor(d, link::status, () -> endpoint.peerSession(d.address())));
        }
        endpoint.start();
    }

    public String name() {
        return bus.name();
    }

    /**
     * Also told every state a device reports (ROOF_STATE, BAY_STATE, WEATHER, ESTOP_STATE ...),
     * after it is recorded, on the bus reader thread: hand over, never wait. Events and captures
     * go to the {@link Listener} instead.
     */
    public void addReportListener(java.util.function.BiConsumer<FrameDeviceMonitor, StationMessage> l) {
        reports.add(l);
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    public FrameEndpoint endpoint() {
        return endpoint;
    }

    public List<FrameDeviceMonitor> devices() {
        return List.copyOf(devices.values());
    }

    @Override
    public Verdict onMessage(Inbound in) {
        FrameDeviceMonitor d = devices.get(in.source());
        if (d == null) {
            return Verdict.refused(String.format(Locale.ROOT, "address 0x%02x is not configured on bus %s",
                    in.source(), bus.name()));
        }
        d.record(in.message(), clock.now());
        return switch (in.message()) {
            case BayState s -> {
                d.recordBay(s);
                for (var l : reports) {
                    l.accept(d, s);
                }
                yield Verdict.ACCEPTED;
            }
            case RackSlotState s -> {
                d.recordSlot(s);
                yield Verdict.ACCEPTED;
            }
            case DeviceEvent e -> {
                // at the firmware's severity: an INFO event logged as a warning would drown the real ones
                Object[] args = {d.name(), e.severity(), Integer.toHexString(e.code()), e.text()};
                switch (e.severity()) {
                    case INFO -> LOG.info("{}: {} event 0x{}: {}", args);
                    case WARNING -> LOG.warn("{}: {} event 0x{}: {}", args);
                    case FAULT, CRITICAL -> LOG.error("{}: {} event 0x{}: {}", args);
                }
                yield whenStored(listener.deviceEvent(d, e), "event");
            }
            // a record without image completes its capture at once, inside images.begin
            case CaptureRecord r -> answerWhenStored(images.begin(in.source(), r));
            case ImageChunk c -> answerWhenStored(images.accept(in.source(), c));
            default -> {
                for (var l : reports) {
                    l.accept(d, in.message());
                }
                yield Verdict.ACCEPTED;
            }
        };
    }

    /**
     * The record's or chunk's verdict, or — if it completed a capture the listener is storing — an answer
     * deferred until the capture is stored: NAK {@code REFUSED} with the reason if it could not be.
     */
    private Verdict answerWhenStored(Verdict chunk) {
        CompletionStage<Void> s = storing;
        storing = null;
        if (s == null || !(chunk instanceof Verdict.Accepted)) {
            return chunk;
        }
        return whenStored(s, "capture");
    }

    /** ACK once {@code store} completes; NAK {@code REFUSED} "{@code what} not stored: <reason>" if it fails. */
    private static Verdict whenStored(CompletionStage<Void> store, String what) {
        return new Verdict.Deferred(store.handle((ok, e) -> e == null ? Verdict.ACCEPTED
                : Verdict.refused(what + " not stored: " + Failures.reason(e))));
    }

    /** A capture's image arrived whole and matched its SHA-256, or it failed (mismatch, timeout, limits). */
    private void onImage(ImageAssembler.Outcome outcome) {
        switch (outcome) {
            case ImageAssembler.Assembled a -> {
                FrameDeviceMonitor d = devices.get(a.source());
                if (d != null) {
                    d.captureVerified(a.record(), a.jpeg().length);
                    // a chunk (or a record without image) completes a capture, inside images.accept
                    // (images.begin) on this reader thread; answerWhenStored takes the stage right after
                    storing = listener.captured(d, a.record(), a.jpeg());
                }
            }
            case ImageAssembler.Failed f -> {
                FrameDeviceMonitor d = devices.get(f.source());
                LOG.warn("{}: capture {} failed: {} ({})", d == null ? f.source() : d.name(), f.record().captureId(),
                        f.failure(), f.detail());
                if (d != null) {
                    d.captureFailed();
                    listener.captureFailed(d, f.record(), f.failure().name(), f.detail());
                }
            }
        }
    }

    @Override
    public void onSession(PeerSession session) {
        FrameDeviceMonitor d = devices.get(session.address());
        LOG.info("{}: session {}{}", d == null ? String.format("0x%02x", session.address()) : d.name(),
                session.phase(), session.identity().map(i -> " with " + i.kind() + " " + i.serial()).orElse(""));
    }

    @Override
    public void close() {
        endpoint.close();
    }
}

package io.streetstation.agent.device;

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
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.time.StationClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * Told what a device reported beyond its state, on the bus reader thread: keep it short. A
     * capture is answered (its last chunk ACKed) only after {@link #captured} returns, so a
     * listener that stores it durably there makes the camera's hand-over loss-free.
     */
    public interface Listener {
        default void deviceEvent(FrameDeviceMonitor device, DeviceEvent event) {
        }

        default void captured(FrameDeviceMonitor device, CaptureRecord record, byte[] jpeg) {
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
                yield Verdict.ACCEPTED;
            }
            case RackSlotState s -> {
                d.recordSlot(s);
                yield Verdict.ACCEPTED;
            }
            case DeviceEvent e -> {
                LOG.warn("{}: {} event 0x{}: {}", d.name(), e.severity(), Integer.toHexString(e.code()), e.text());
                listener.deviceEvent(d, e);
                yield Verdict.ACCEPTED;
            }
            case CaptureRecord r -> images.begin(in.source(), r);
            case ImageChunk c -> images.accept(in.source(), c);
            default -> Verdict.ACCEPTED;
        };
    }

    /** A capture's image arrived whole and matched its SHA-256, or it failed (mismatch, timeout, limits). */
    private void onImage(ImageAssembler.Outcome outcome) {
        switch (outcome) {
            case ImageAssembler.Assembled a -> {
                FrameDeviceMonitor d = devices.get(a.source());
                if (d != null) {
                    d.captureVerified(a.record(), a.jpeg().length);
                    listener.captured(d, a.record(), a.jpeg());
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

package io.streetstation.agent.device;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.bridge.frame.PeerSession;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.RackSlotState;
import io.streetstation.bridge.frame.msg.EStopState;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.frame.msg.Weather;
import io.streetstation.bridge.link.LinkStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The latest state one station-frame device reported (nest controller, rack, a camera), kept per
 * message type, and the device's health from its link and its protocol session. Typed views for
 * the station model build on {@link #latest(Class)}.
 */
public final class FrameDeviceMonitor {

    private final StationConfig.FrameDevice device;
    private final Supplier<LinkStatus> link;
    private final Supplier<PeerSession> session;
    private final Map<Class<?>, StationMessage> latest = new ConcurrentHashMap<>();
    /** Bay states are kept per bay: the nest reports one message per bay. */
    private final Map<Integer, BayState> bays = new ConcurrentHashMap<>();
    private volatile Instant lastHeard;
    private final java.util.concurrent.atomic.AtomicLong capturesVerified = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong capturesFailed = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastCapture;

    FrameDeviceMonitor(StationConfig.FrameDevice device, Supplier<LinkStatus> link,
                       Supplier<PeerSession> session) {
        this.device = device;
        this.link = link;
        this.session = session;
    }

    public String name() {
        return device.name();
    }

    public int address() {
        return device.address();
    }

    void record(StationMessage m, Instant at) {
        latest.put(m.getClass(), m);
        lastHeard = at;
    }

    void captureVerified(CaptureRecord r, int jpegBytes) {
        capturesVerified.incrementAndGet();
        lastCapture = String.format(Locale.ROOT, "%s%s %.0f%% %d B jpeg", r.objectClass(),
                r.plate().isEmpty() ? "" : " " + r.plate(), r.confidenceCentiPct() / 100.0, jpegBytes);
    }

    void captureFailed() {
        capturesFailed.incrementAndGet();
    }

    /** Captures whose image arrived whole and matched the record's SHA-256. */
    public long capturesVerified() {
        return capturesVerified.get();
    }

    /** Captures whose image did not (hash mismatch, missing chunks, limits). */
    public long capturesFailed() {
        return capturesFailed.get();
    }

    /** The last verified capture, one line (class, plate, confidence, image size), if any. */
    public Optional<String> lastCapture() {
        return Optional.ofNullable(lastCapture);
    }

    /** The last message of {@code type} this device sent, if any. */
    public <M extends StationMessage> Optional<M> latest(Class<M> type) {
        return Optional.ofNullable(type.cast(latest.get(type)));
    }

    public DeviceHealth health() {
        var l = link.get();
        if (!l.isUp()) {
            return new DeviceHealth(device.name(), DeviceHealth.Status.OFFLINE, l.detail(), lastHeard);
        }
        PeerSession s = session.get();
        if (!s.isEstablished()) {
            return new DeviceHealth(device.name(), DeviceHealth.Status.SILENT, String.format(Locale.ROOT,
                    "bus up, no session with 0x%02x (%s)", device.address(), s.phase()), lastHeard);
        }
        String fw = s.identity().map(i -> "firmware " + i.firmware().major() + "." + i.firmware().minor() + "."
                + i.firmware().patch() + ", " + i.serial()).orElse("session up");
        return new DeviceHealth(device.name(), DeviceHealth.Status.ONLINE, fw, lastHeard);
    }

    /** One line of what matters about this device, for status logs and the demo's view. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        latest(RoofState.class).ifPresent(r -> b.append(String.format(Locale.ROOT, "roof %s %d%% %d mA",
                r.phase(), r.positionPercent(), r.motorCurrentMa())));
        for (int bay = 1; bay <= 4; bay++) {
            BayState s = bays.get(bay);
            if (s != null) {
                b.append(String.format(Locale.ROOT, " | bay %d %s %s %s", bay, s.presentA() ? "drone" : "empty",
                        s.charger(), s.batteryPercent() == BayState.UNKNOWN ? "-" : s.batteryPercent() + "%"));
            }
        }
        latest(Weather.class).ifPresent(w -> b.append(String.format(Locale.ROOT,
                " | wind %.1f/%.1f m/s rain %.1f mm/h %.1f °C", w.windCmPerS() / 100.0, w.gustCmPerS() / 100.0,
                w.rainDeciMmPerH() / 10.0, w.temperatureCentiC() / 100.0)));
        latest(EStopState.class).ifPresent(e -> b.append(e.pressed() || e.latched() ? " | E-STOP" : ""));
        latest(RackSlotState.class).ifPresent(x -> b.append(rack()));
        if (lastCapture != null) {
            b.append(String.format(Locale.ROOT, "captures %d verified, %d failed; last %s", capturesVerified.get(),
                    capturesFailed.get(), lastCapture));
        }
        return b.toString();
    }

    void recordBay(BayState s) {
        bays.put(s.bay(), s);
    }

    private final Map<Integer, RackSlotState> slots = new ConcurrentHashMap<>();

    void recordSlot(RackSlotState s) {
        slots.put(s.slot(), s);
    }

    private String rack() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(slots).forEach((n, s) -> b.append(n == 1 ? "" : " ").append(String.format(Locale.ROOT,
                "%d:%s%s%s", n, s.occupied() ? s.vehicleId() + " " + s.batteryPercent() + "%" : "empty",
                s.charging() ? "+" : "", s.lock() == RackSlotState.Lock.LOCKED ? "" : " " + s.lock())));
        return b.toString();
    }

    /** The last state the rack reported for {@code slot}, if any. */
    public Optional<RackSlotState> slot(int slot) {
        return Optional.ofNullable(slots.get(slot));
    }

    public Optional<BayState> bay(int bay) {
        return Optional.ofNullable(bays.get(bay));
    }
}

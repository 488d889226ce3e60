package io.streetstation.hil.scenario;

import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.device.VehicleTelemetry;
import io.streetstation.agent.runtime.StationRuntime;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.EStopState;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.time.StationClock;
import io.streetstation.hil.central.CentralView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happened in a scenario, in station time: every change of a device's health and of the
 * states that matter (roof phase, each bay's charger, E-stop, each vehicle's mode and arming),
 * sampled from the agent every {@link #PERIOD} of station time and recorded when it changes.
 * Written next to the test reports when a scenario fails, and the raw material of station-day
 * reports.
 */
public final class Timeline implements AutoCloseable {

    /** Sampling period, station time. */
    public static final Duration PERIOD = Duration.ofMillis(500);

    /** One change: when (station time), which device, what it is now. */
    public record Entry(Instant at, String device, String what) {
        public String line(Instant start) {
            Duration d = Duration.between(start, at);
            return String.format(Locale.ROOT, "%02d:%02d:%02d.%d  %-9s %s", d.toHours(), d.toMinutesPart(),
                    d.toSecondsPart(), d.toMillisPart() / 100, device, what);
        }
    }

    private final java.util.function.Supplier<StationRuntime> agent;
    private final StationClock clock;
    private final Instant start;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> last = new HashMap<>();
    private final StationClock.Timer timer;
    /** Bound on memory for long runs: a station day at 1 Hz telemetry stays well inside it. */
    public static final int MAX_ENTRIES = 500_000;
    private long dropped;

    Timeline(java.util.function.Supplier<StationRuntime> agent, StationClock clock) {
        this.agent = agent;
        this.clock = clock;
        this.start = clock.now();
        this.timer = clock.scheduleAtFixedRate(Duration.ZERO, PERIOD, this::sample);
    }

    private void sample() {
        Instant now = clock.now();
        StationRuntime agent = this.agent.get();
        if (agent == null) {
            return;
        }
        for (FrameDeviceMonitor d : agent.frameDevices()) {
            DeviceHealth h = d.health();
            note(now, d.name(), "health", h.status().toString());
            d.latest(RoofState.class).ifPresent(r -> note(now, d.name(), "roof", r.phase().toString()));
            for (int bay = 1; bay <= 4; bay++) {
                int b = bay;
                d.bay(bay).ifPresent(s -> note(now, d.name(), "bay" + b, bayLine(s)));
            }
            d.latest(EStopState.class).ifPresent(e -> note(now, d.name(), "estop",
                    e.pressed() ? "PRESSED" : e.latched() ? "LATCHED" : "clear"));
            for (int slot = 1; slot <= 32; slot++) {
                int n = slot;
                d.slot(slot).ifPresent(x -> note(now, d.name(), "slot" + n, x.occupied()
                        ? x.vehicleId() + " " + x.lock() + (x.charging() ? " charging" : "") : "empty " + x.lock()));
            }
            d.lastCapture().ifPresent(c -> note(now, d.name(), "capture", "#" + d.capturesVerified() + " " + c));
        }
        for (VehicleMonitor v : agent.vehicles()) {
            note(now, v.name(), "health", v.health().status().toString());
            VehicleTelemetry t = v.telemetry();
            if (t.mode() != null) {
                note(now, v.name(), "mode", t.mode() + (t.armed() ? " ARMED" : ""));
            }
        }
    }

    private static String bayLine(BayState s) {
        return (s.presentA() ? "drone" : "empty") + (s.presentA() != s.presentB() ? " (sensors disagree)" : "")
                + " " + s.centring() + " charger " + s.charger();
    }

    private void note(Instant at, String device, String key, String value) {
        String k = device + "/" + key;
        synchronized (entries) {
            if (!value.equals(last.put(k, value))) {
                add(new Entry(at, device, key + " " + value));
            }
        }
    }

    /** Under the entries' lock: keeps {@code e}, or counts it dropped once the timeline is full. */
    private void add(Entry e) {
        if (entries.size() >= MAX_ENTRIES) {
            dropped++;
        } else {
            entries.add(e);
        }
    }

    /** An MQTT message central received, recorded as it arrives. */
    public void mqtt(CentralView.Received r) {
        synchronized (entries) {
            add(new Entry(r.at(), "mqtt", r.topic() + (r.retained() ? " (retained) " : " ") + r.preview(160)));
        }
    }

    /** Entries not kept because the timeline was full ({@value #MAX_ENTRIES}). */
    public long dropped() {
        synchronized (entries) {
            return dropped;
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The timeline as text, one line per change, times relative to the scenario's start. */
    public String text() {
        return tail(Integer.MAX_VALUE);
    }

    /** The last {@code lines} entries as text (for failure messages). */
    public String tail(int lines) {
        List<Entry> all = entries();
        StringBuilder b = new StringBuilder();
        if (all.size() > lines) {
            b.append("... ").append(all.size() - lines).append(" earlier entries\n");
        }
        for (Entry e : all.subList(Math.max(0, all.size() - lines), all.size())) {
            b.append(e.line(start)).append('\n');
        }
        long d = dropped();
        if (d > 0) {
            b.append("(").append(d).append(" entries dropped: the timeline was full)\n");
        }
        return b.toString();
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text());
    }

    @Override
    public void close() {
        timer.cancel();
    }
}

package io.streetstation.agent.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameBusMonitor;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.device.VehicleTelemetry;
import io.streetstation.agent.uplink.Bodies;
import io.streetstation.agent.uplink.Deadband;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.Topics;
import io.streetstation.agent.uplink.TrafficClass;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.bridge.frame.msg.EStopState;
import io.streetstation.bridge.frame.msg.RackSlotState;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.Weather;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * What the station tells central about itself: the birth snapshot, the slow telemetry tier
 * (per device, deadbands, a full snapshot every {@code full-every}), the fast tier for devices
 * central asked for, events (health changes, device events, outbox alarms, failed captures) and
 * captures (image inline or in chunks). Everything but the fast tier goes through the outbox.
 */
public final class StationReporter implements FrameBusMonitor.Listener, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("uplink");

    private final StationRuntime station;
    private final UplinkSettings settings;
    private final Outbox outbox;
    private final Topics topics;
    private final StationClock clock;
    private final Map<String, Deadband> deadbands = new HashMap<>();
    private final Map<String, DeviceHealth.Status> lastHealth = new HashMap<>();
    private final Map<String, Fast> fast = new ConcurrentHashMap<>();
    private final List<StationClock.Timer> timers = new ArrayList<>();
    private volatile Uplink uplink;
    private final Runnable tickTask = this::tick;
    private final Runnable fastTask = this::fastTick;
    private final java.util.Set<Runnable> pending = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("reporter").daemon().unstarted(r));
    private Instant lastFull = Instant.EPOCH;

    /** A fast-tier request: every {@code period} until {@code until} (station time). */
    private record Fast(Duration period, Instant until, Instant[] next) {
    }

    public StationReporter(StationRuntime station, UplinkSettings settings, Outbox outbox) {
        this.station = station;
        this.settings = settings;
        this.outbox = outbox;
        this.topics = new Topics(station.config().stationId());
        this.clock = station.clock();
    }

    /** Starts the telemetry timers and listens to the buses. */
    public void start(Uplink link) {
        this.uplink = link;
        station.buses().forEach(b -> b.setListener(this));
        // the clock's timer thread only hands over: the reporting is done on the reporter's own thread
        timers.add(clock.scheduleAtFixedRate(settings.telemetryPeriod(), settings.telemetryPeriod(),
                () -> handOver(tickTask)));
        timers.add(clock.scheduleAtFixedRate(Duration.ofMillis(100), Duration.ofMillis(100), () -> {
            if (!fast.isEmpty()) {
                handOver(fastTask);
            }
        }));
    }

    /** Runs {@code task} on the reporter thread unless the same task is still waiting there (a slow tick is skipped, not queued). */
    private void handOver(Runnable task) {
        if (pending.add(task)) {
            worker.execute(() -> {
                pending.remove(task);
                task.run();
            });
        }
    }

    // ---- birth and telemetry -------------------------------------------------------------------

    /** The birth body (station.birth/1): every device with its health and full state, and the outbox. */
    public byte[] birth() {
        ObjectNode b = Bodies.object().put("agentVersion", StationRuntime.agentVersion())
                .put("stationName", station.config().stationName());
        ArrayNode devices = b.putArray("devices");
        for (FrameDeviceMonitor d : station.frameDevices()) {
            DeviceHealth h = d.health();
            devices.addObject().put("name", d.name()).put("kind", kindOf(d.name())).put("health", h.status().name())
                    .put("detail", cut(h.detail(), 200)).set("state", fields(d, h));
        }
        for (VehicleMonitor v : station.vehicles()) {
            DeviceHealth h = v.health();
            devices.addObject().put("name", v.name()).put("kind", v.vehicle().kind().name().toLowerCase(Locale.ROOT))
                    .put("health", h.status().name()).put("detail", cut(h.detail(), 200)).set("state", fields(v, h));
        }
        b.set("outbox", outboxState());
        return Bodies.bytes(b);
    }

    private void tick() {
        try {
            Instant now = clock.now();
            boolean full = Duration.between(lastFull, now).compareTo(settings.fullEvery()) >= 0;
            if (full) {
                lastFull = now;
            }
            for (FrameDeviceMonitor d : station.frameDevices()) {
                DeviceHealth h = d.health();
                health(d.name(), h);
                telemetry(d.name(), fields(d, h), full, now);
            }
            for (VehicleMonitor v : station.vehicles()) {
                DeviceHealth h = v.health();
                health(v.name(), h);
                telemetry(v.name(), fields(v, h), full, now);
            }
            ObjectNode s = Bodies.object();
            s.set("outbox", outboxState());
            telemetry(Topics.STATION, s, full, now);
        } catch (RuntimeException e) {
            LOG.error(e, "telemetry tick: {}", e.toString());
        }
    }

    private void telemetry(String device, ObjectNode fields, boolean full, Instant now) {
        ObjectNode send = deadbands.computeIfAbsent(device, k -> new Deadband(Deadband.DEFAULTS)).filter(fields, full);
        if (send.isEmpty()) {
            return;
        }
        ObjectNode body = Bodies.object().put("device", device).put("full", full);
        body.set("fields", send);
        outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.TELEMETRY, Bodies.TELEMETRY, topics.telemetry(device),
                false, Bodies.bytes(body), now));
    }

    private void health(String device, DeviceHealth h) {
        DeviceHealth.Status before = lastHealth.put(device, h.status());
        if (before != null && before != h.status()) {
            Bodies.Severity sev = h.status() == DeviceHealth.Status.ONLINE ? Bodies.Severity.INFO : Bodies.Severity.WARNING;
            ObjectNode e = Bodies.event(device, Bodies.Kind.STATE, sev, "device.health",
                    device + " " + before + " -> " + h.status() + ": " + h.detail());
            e.putObject("data").put("from", before.name()).put("to", h.status().name());
            event(device, e);
        }
    }

    /**
     * Central asked for the fast tier of {@code device}: {@code hz} times a second for
     * {@code duration} (station time). A new request replaces the old one; 0 Hz stops it.
     */
    public void fastTier(String device, int hz, Duration duration) {
        if (hz <= 0) {
            fast.remove(device);
            return;
        }
        Instant now = clock.now();
        fast.put(device, new Fast(Duration.ofMillis(1000 / hz), now.plus(duration), new Instant[] {now}));
    }

    /** Devices with a fast tier in force now. */
    public Map<String, Instant> fastTiers() {
        Map<String, Instant> m = new HashMap<>();
        fast.forEach((d, f) -> m.put(d, f.until()));
        return m;
    }

    private void fastTick() {
        Uplink u = uplink;
        if (fast.isEmpty() || u == null) {
            return;
        }
        Instant now = clock.now();
        for (Map.Entry<String, Fast> e : fast.entrySet()) {
            Fast f = e.getValue();
            if (now.isAfter(f.until())) {
                fast.remove(e.getKey(), f);
                continue;
            }
            if (now.isBefore(f.next()[0])) {
                continue;
            }
            f.next()[0] = now.plus(f.period());
            ObjectNode fields = fieldsOf(e.getKey());
            if (fields != null) {
                ObjectNode body = Bodies.object().put("device", e.getKey()).put("full", true);
                body.set("fields", fields);
                u.publishNow(topics.fast(e.getKey()), Bodies.TELEMETRY, Bodies.bytes(body), now, Duration.ofSeconds(2));
            }
        }
    }

    private ObjectNode fieldsOf(String device) {
        for (FrameDeviceMonitor d : station.frameDevices()) {
            if (d.name().equals(device)) {
                return fields(d, d.health());
            }
        }
        for (VehicleMonitor v : station.vehicles()) {
            if (v.name().equals(device)) {
                return fields(v, v.health());
            }
        }
        return null;
    }

    private ObjectNode outboxState() {
        ObjectNode o = Bodies.object();
        ObjectNode depth = o.putObject("depth");
        outbox.depth().forEach((c, n) -> depth.put(c.name().toLowerCase(Locale.ROOT), n));
        o.put("oldestAgeS", outbox.oldestAge().toMillis() / 1000.0);
        return o;
    }

    static ObjectNode fields(FrameDeviceMonitor d, DeviceHealth health) {
        ObjectNode f = Bodies.object().put("health", health.status().name());
        d.latest(RoofState.class).ifPresent(r -> f.put("roof", r.phase().name()).put("roofPercent", r.positionPercent()));
        ArrayNode bays = null;
        for (int bay = 1; bay <= 4; bay++) {
            var s = d.bay(bay);
            if (s.isPresent()) {
                bays = bays == null ? f.putArray("bays") : bays;
                BayState b = s.get();
                ObjectNode n = bays.addObject().put("bay", bay).put("occupied", b.presentA() && b.presentB())
                        .put("charger", b.charger().name());
                if (b.batteryPercent() == BayState.UNKNOWN) {
                    n.putNull("batteryPercent");
                } else {
                    n.put("batteryPercent", b.batteryPercent());
                }
            }
        }
        d.latest(Weather.class).ifPresent(w -> f.putObject("weather").put("windMps", w.windCmPerS() / 100.0)
                .put("gustMps", w.gustCmPerS() / 100.0).put("rainMmPerH", w.rainDeciMmPerH() / 10.0)
                .put("temperatureC", w.temperatureCentiC() / 100.0));
        d.latest(EStopState.class).ifPresent(e -> f.put("estop", e.latched() ? "LATCHED" : e.pressed() ? "PRESSED" : "CLEAR"));
        ArrayNode slots = null;
        for (int slot = 1; slot <= 32; slot++) {
            var s = d.slot(slot);
            if (s.isPresent()) {
                slots = slots == null ? f.putArray("slots") : slots;
                RackSlotState r = s.get();
                ObjectNode n = slots.addObject().put("slot", slot).put("lock", r.lock().name()).put("charging", r.charging());
                if (r.occupied()) {
                    n.put("vehicle", r.vehicleId()).put("batteryPercent", r.batteryPercent());
                } else {
                    n.putNull("vehicle").putNull("batteryPercent");
                }
            }
        }
        return f;
    }

    static ObjectNode fields(VehicleMonitor v, DeviceHealth health) {
        VehicleTelemetry t = v.telemetry();
        ObjectNode f = Bodies.object().put("health", health.status().name());
        if (t.mode() != null) {
            f.put("mode", cut(t.mode(), 20)).put("armed", t.armed());
        }
        if (!Double.isNaN(t.batteryPercent())) {
            f.put("batteryPercent", Math.max(0, Math.min(100, t.batteryPercent())));
        }
        if (!Double.isNaN(t.lat()) && !Double.isNaN(t.lon())) {
            ObjectNode p = f.putObject("position").put("lat", t.lat()).put("lon", t.lon());
            if (!Double.isNaN(t.relativeAlt())) {
                p.put("altM", Math.round(t.relativeAlt() * 10) / 10.0);
            }
        }
        if (!Double.isNaN(t.groundSpeed())) {
            f.put("groundSpeedMps", Math.max(0, Math.round(t.groundSpeed() * 10) / 10.0));
        }
        return f;
    }

    private static String kindOf(String frameDevice) {
        return frameDevice.startsWith("camera") ? "camera" : frameDevice.startsWith("rack") ? "rack" : "nest";
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    // ---- events and captures -------------------------------------------------------------------

    /** Queues an event (station.event/1) for central; the future completes once it is durable. */
    public CompletableFuture<Long> event(String device, ObjectNode body) {
        return outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.EVENT, Bodies.EVENT, topics.events(device), false,
                Bodies.bytes(body), clock.now()));
    }

    /** A job's step or end as a job event (station.event/1, kind job) from the station, with the job's id, name and step. */
    public void jobEvent(String id, String name, String stepOrNull, String code, String text) {
        Bodies.Severity sev = code.endsWith("failed") ? Bodies.Severity.WARNING : Bodies.Severity.INFO;
        ObjectNode body = Bodies.event(Topics.STATION, Bodies.Kind.JOB, sev, code, text);
        ObjectNode job = body.putObject("job").put("id", cut(id, 64)).put("name", cut(name, 40));
        if (stepOrNull != null) {
            job.put("step", cut(stepOrNull, 60));
        }
        event(Topics.STATION, body).exceptionally(e -> {
            LOG.error("job event {} could not be queued: {}", code, e.toString());
            return null;
        });
    }

    /** A change of the nest's state (the roof's phase, the weather decision) as an INFO state event from the nest. */
    public void nestEvent(String code, String text) {
        stateEvent("nest", code, text);
    }

    /** Something the station would not do, with why, as a WARNING refusal event. */
    public void refusal(String device, String code, String text) {
        event(device, Bodies.event(device, Bodies.Kind.REFUSAL, Bodies.Severity.WARNING, code, cut(text, 500))).exceptionally(e -> {
            LOG.error("{} refusal {} could not be queued: {}", device, code, e.toString());
            return null;
        });
    }

    /** A change of {@code device}'s state (a drone's sortie, a relay hand-off) as an INFO state event from it. */
    public void stateEvent(String device, String code, String text) {
        event(device, Bodies.event(device, Bodies.Kind.STATE, Bodies.Severity.INFO, code, cut(text, 500))).exceptionally(e -> {
            LOG.error("{} event {} could not be queued: {}", device, code, e.toString());
            return null;
        });
    }

    /**
     * A store's alarm (outbox, command journal) as an event; if the outbox itself is what fails,
     * it is only logged.
     */
    public void alarm(String code, String text) {
        boolean cleared = code.endsWith("-cleared");
        Bodies.Severity sev = code.equals("outbox.telemetry-dropped") ? Bodies.Severity.WARNING
                : cleared ? Bodies.Severity.INFO : Bodies.Severity.FAULT;
        event(Topics.STATION, Bodies.event(Topics.STATION, cleared ? Bodies.Kind.ALARM_CLEARED : Bodies.Kind.ALARM, sev,
                code, text)).exceptionally(e -> {
                    LOG.error("alarm {} could not be queued: {}", code, e.toString());
                    return null;
                });
    }

    @Override
    public CompletionStage<Void> deviceEvent(FrameDeviceMonitor device, DeviceEvent e) {
        ObjectNode body = Bodies.event(device.name(), Bodies.Kind.DEVICE, Bodies.Severity.valueOf(e.severity().name()),
                String.format(Locale.ROOT, "firmware.0x%04x", e.code()), e.text().isEmpty() ? "(no text)" : e.text());
        body.putObject("data").put("code", e.code());
        // the firmware's frame is ACKed when this completes: the event is durable by then
        return event(device.name(), body).thenApply(seq -> null);
    }

    @Override
    public void captureFailed(FrameDeviceMonitor device, CaptureRecord r, String failure, String detail) {
        ObjectNode body = Bodies.event(device.name(), Bodies.Kind.ALARM, Bodies.Severity.WARNING,
                "capture." + failure.toLowerCase(Locale.ROOT).replace('_', '-'), detail);
        body.putObject("data").put("captureId", captureId(device, r));
        event(device.name(), body);
    }

    /**
     * A verified capture, queued to the outbox with its image inline up to the configured size,
     * else in chunks with their own SHA-256; complete when all of it is durable.
     */
    @Override
    public CompletionStage<Void> captured(FrameDeviceMonitor device, CaptureRecord r, byte[] jpeg) {
        String id = captureId(device, r);
        Instant at = Instant.ofEpochMilli(r.timestampMs());
        ObjectNode body = Bodies.object().put("camera", device.name()).put("captureId", id)
                .put("class", r.objectClass().name()).put("confidence", r.confidenceCentiPct() / 10_000.0);
        body.putObject("box").put("x", r.box().x()).put("y", r.box().y()).put("w", Math.max(1, r.box().width()))
                .put("h", Math.max(1, r.box().height()));
        if (!r.plate().isEmpty()) {
            body.put("plate", r.plate());
        }
        if (!r.attributes().isEmpty()) {
            ObjectNode attrs = body.putObject("attributes");
            r.attributes().forEach(a -> attrs.put(a.key(), a.value()));
        }
        ObjectNode image = body.putObject("image").put("bytes", jpeg.length).put("sha256", HexFormat.of().formatHex(r.sha256()));
        List<CompletableFuture<Long>> stored = new ArrayList<>();
        if (jpeg.length > 0 && jpeg.length <= settings.imageInlineMax()) {
            image.put("inline", Base64.getEncoder().encodeToString(jpeg));
        } else if (jpeg.length > 0) {
            int size = settings.imageChunkBytes();
            int count = (jpeg.length + size - 1) / size;
            image.put("chunks", count);
            for (int i = 0; i < count; i++) {
                byte[] part = java.util.Arrays.copyOfRange(jpeg, i * size, Math.min(jpeg.length, (i + 1) * size));
                ObjectNode chunk = Bodies.object().put("captureId", id).put("index", i).put("count", count)
                        .put("sha256", HexFormat.of().formatHex(sha256(part)))
                        .put("data", Base64.getEncoder().encodeToString(part));
                stored.add(outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.CAPTURE, Bodies.IMAGE_CHUNK,
                        topics.chunks(device.name()), false, Bodies.bytes(chunk), at)));
            }
        }
        stored.add(0, outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.CAPTURE, Bodies.CAPTURE,
                topics.captures(device.name()), false, Bodies.bytes(body), at)));
        // not waited for here, on the bus reader thread: the bus monitor ACKs the camera's last
        // chunk when this completes, so the camera keeps the image until the capture is durable
        CompletableFuture<Void> all = CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new));
        all.whenComplete((ok, e) -> {
            if (e != null) {
                LOG.error("capture {} NOT stored, the camera's last chunk is refused: {}", id, e.toString());
            }
        });
        return all;
    }

    private static String captureId(FrameDeviceMonitor device, CaptureRecord r) {
        return device.name() + "-" + r.cameraId() + "-" + r.captureId() + "-" + r.timestampMs();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timers.forEach(StationClock.Timer::cancel);
        worker.shutdownNow();
        station.buses().forEach(b -> b.setListener(new FrameBusMonitor.Listener() { }));
    }
}

package io.streetstation.agent.device;

import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.streetstation.agent.config.StationConfig;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.mavlink.ComponentId;
import io.streetstation.bridge.mavlink.InboundMessage;
import io.streetstation.bridge.mavlink.MavlinkEndpoint;
import io.streetstation.bridge.mavlink.PeerState;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Keeps the latest telemetry of one vehicle (a drone or the rover) from its MAVLink endpoint and
 * says how the vehicle is doing. Handlers run on the endpoint's dispatch thread and only swap an
 * immutable snapshot; readers on any thread see a consistent {@link VehicleTelemetry}.
 */
public final class VehicleMonitor {

    private static final TaggedLogger LOG = Logger.tag("device");

    private final StationConfig.Vehicle vehicle;
    private final Link link;
    private final MavlinkEndpoint endpoint;
    private final StationClock clock;
    private final ComponentId autopilot;
    private final AtomicReference<VehicleTelemetry> telemetry = new AtomicReference<>(VehicleTelemetry.none());
    private final AtomicReference<Instant> lastHeartbeat = new AtomicReference<>();
    private final AtomicReference<Instant> lastBattery = new AtomicReference<>();
    private final AtomicReference<Instant> lastGps = new AtomicReference<>();

    public VehicleMonitor(StationConfig.Vehicle vehicle, Link link, MavlinkEndpoint endpoint, StationClock clock) {
        this.vehicle = vehicle;
        this.link = link;
        this.endpoint = endpoint;
        this.clock = clock;
        this.autopilot = new ComponentId(vehicle.systemId(), 1);
        endpoint.subscribe(Heartbeat.class, this::onHeartbeat);
        endpoint.subscribe(SysStatus.class, m -> ifOurs(m, t -> with(t, m.payload()), lastBattery));
        endpoint.subscribe(GlobalPositionInt.class, m -> ifOurs(m, t -> with(t, m.payload())));
        endpoint.subscribe(BatteryStatus.class, m -> ifOurs(m, t -> with(t, m.payload()), lastBattery));
        endpoint.subscribe(GpsRawInt.class, m -> ifOurs(m, t -> with(t, m.payload()), lastGps));
        endpoint.subscribe(VfrHud.class, m -> ifOurs(m, t -> with(t, m.payload())));
        endpoint.subscribe(MissionCurrent.class, m -> ifOurs(m, t -> with(t, m.payload())));
        endpoint.peers().addListener(c -> {
            if (c.peer().id().equals(autopilot)) {
                LOG.info("{}: autopilot {} {} -> {}", vehicle.name(), autopilot, c.from(), c.to());
            }
        });
    }

    public String name() {
        return vehicle.name();
    }

    public StationConfig.Vehicle vehicle() {
        return vehicle;
    }

    public MavlinkEndpoint endpoint() {
        return endpoint;
    }

    public VehicleTelemetry telemetry() {
        return telemetry.get();
    }

    public DeviceHealth health() {
        VehicleTelemetry t = telemetry.get();
        if (!link.status().isUp()) {
            return new DeviceHealth(vehicle.name(), DeviceHealth.Status.OFFLINE, link.status().detail(), t.at());
        }
        PeerState peer = endpoint.peers().state(autopilot);
        if (peer != PeerState.CONNECTED) {
            String why = peer == PeerState.LOST ? "heartbeat lost" : "no heartbeat yet";
            return new DeviceHealth(vehicle.name(), DeviceHealth.Status.SILENT,
                    "link up, " + why + " from system " + vehicle.systemId(), t.at());
        }
        Instant last = endpoint.peers().get(autopilot).map(p -> p.lastSeen()).orElse(null);
        String ago = last == null ? "" : String.format(", heartbeat %.1f s ago",
                Duration.between(last, clock.now()).toMillis() / 1000.0);
        return new DeviceHealth(vehicle.name(), DeviceHealth.Status.ONLINE, "link up" + ago, t.at());
    }

    /** When the autopilot's last HEARTBEAT arrived, station time; null before the first. */
    public Instant lastHeartbeat() {
        return lastHeartbeat.get();
    }

    private void onHeartbeat(InboundMessage<Heartbeat> m) {
        if (m.systemId() == vehicle.systemId() && m.componentId() == 1) {
            lastHeartbeat.set(clock.now());
        }
        ifOurs(m, t -> {
            Heartbeat hb = m.payload();
            boolean armed = hb.baseMode() != null && hb.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED);
            String status = hb.systemStatus() == null || hb.systemStatus().entry() == null
                    ? "UNKNOWN" : hb.systemStatus().entry().name().replace("MAV_STATE_", "");
            return new VehicleTelemetry(ArduPilotModes.name(vehicle.kind(), hb.customMode()), armed, status, t.lat(),
                    t.lon(), t.relativeAlt(), t.groundSpeed(), t.batteryPercent(), t.batteryVolts(), t.gpsFix(),
                    t.satellites(), clock.now(), t.missionSeq());
        });
    }

    private void ifOurs(InboundMessage<?> m, UnaryOperator<VehicleTelemetry> update) {
        if (m.systemId() == vehicle.systemId() && m.componentId() == 1) {
            telemetry.updateAndGet(update);
        }
    }

    private void ifOurs(InboundMessage<?> m, UnaryOperator<VehicleTelemetry> update, AtomicReference<Instant> heard) {
        if (m.systemId() == vehicle.systemId() && m.componentId() == 1) {
            telemetry.updateAndGet(update);
            heard.set(clock.now());
        }
    }

    /**
     * When the autopilot last reported its battery (SYS_STATUS or BATTERY_STATUS) and its GPS
     * (GPS_RAW_INT), station time; null before the first. The telemetry keeps a value until a new
     * one comes: after a power cycle, only a report heard since says what the drone has now.
     */
    public Instant lastBatteryReport() {
        return lastBattery.get();
    }

    public Instant lastGpsReport() {
        return lastGps.get();
    }

    private VehicleTelemetry with(VehicleTelemetry t, Object p) {
        Instant now = clock.now();
        return switch (p) {
            case GlobalPositionInt g -> new VehicleTelemetry(t.mode(), t.armed(), t.systemStatus(), g.lat() / 1e7,
                    g.lon() / 1e7, g.relativeAlt() / 1000.0, t.groundSpeed(), t.batteryPercent(), t.batteryVolts(),
                    t.gpsFix(), t.satellites(), now, t.missionSeq());
            case SysStatus s -> new VehicleTelemetry(t.mode(), t.armed(), t.systemStatus(), t.lat(), t.lon(),
                    t.relativeAlt(), t.groundSpeed(), s.batteryRemaining() < 0 ? t.batteryPercent() : s.batteryRemaining(),
                    s.voltageBattery() == 0xFFFF ? t.batteryVolts() : s.voltageBattery() / 1000.0, t.gpsFix(),
                    t.satellites(), now, t.missionSeq());
            case BatteryStatus b -> new VehicleTelemetry(t.mode(), t.armed(), t.systemStatus(), t.lat(), t.lon(),
                    t.relativeAlt(), t.groundSpeed(), b.batteryRemaining() < 0 ? t.batteryPercent() : b.batteryRemaining(),
                    t.batteryVolts(), t.gpsFix(), t.satellites(), now, t.missionSeq());
            case GpsRawInt g -> new VehicleTelemetry(t.mode(), t.armed(), t.systemStatus(), t.lat(), t.lon(),
                    t.relativeAlt(), t.groundSpeed(), t.batteryPercent(), t.batteryVolts(),
                    g.fixType() == null || g.fixType().entry() == null ? "UNKNOWN"
                            : g.fixType().entry().name().replace("GPS_FIX_TYPE_", ""),
                    g.satellitesVisible(), now, t.missionSeq());
            case VfrHud v -> new VehicleTelemetry(t.mode(), t.armed(), t.systemStatus(), t.lat(), t.lon(),
                    t.relativeAlt(), v.groundspeed(), t.batteryPercent(), t.batteryVolts(), t.gpsFix(), t.satellites(), now, t.missionSeq());
            case MissionCurrent c -> new VehicleTelemetry(t.mode(), t.armed(), t.systemStatus(), t.lat(), t.lon(),
                    t.relativeAlt(), t.groundSpeed(), t.batteryPercent(), t.batteryVolts(), t.gpsFix(), t.satellites(), now,
                    c.seq());
            default -> t;
        };
    }
}

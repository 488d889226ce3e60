package io.streetstation.hil.rig;

import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionItemReached;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.mavlink.InboundMessage;
import io.streetstation.bridge.mavlink.MavlinkConfig;
import io.streetstation.bridge.mavlink.MavlinkEndpoint;
import io.streetstation.bridge.mavlink.SigningConfig;
import io.streetstation.bridge.mavlink.UnsignedPolicy;
import io.streetstation.bridge.time.StationClock;
import io.streetstation.hil.rig.model.BatteryModel;
import io.streetstation.hil.rig.model.SimTimings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The patrol robot, an ArduPilot Rover: HOLD, GUIDED, AUTO (waypoint missions through the shared
 * vehicle-side mission protocol), RTL back to its dock; a walking-pace cruise speed; a battery that
 * drains while it drives; an obstacle in its path pauses it (ArduPilot's object avoidance stops the
 * vehicle) until cleared; a lost ground-station heartbeat sends it home.
 */
public final class SimRover implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("sim");
    private static final Duration STEP = Duration.ofMillis(100);

    static final int MANUAL = 0;
    static final int HOLD = 4;
    static final int AUTO = 10;
    static final int RTL = 11;
    static final int GUIDED = 15;

    /** Robot figures: 1.5 m/s patrol pace, 4 h on a charge. */
    public static final double CRUISE_SPEED = 1.5;
    public static final Duration ENDURANCE = Duration.ofHours(4);

    private final String name;
    private final int systemId;
    private final StationClock clock;
    private final MavlinkEndpoint endpoint;
    private final BatteryModel battery;
    private final LocalFrame frame;
    private final List<StationClock.Timer> timers = new ArrayList<>();
    private final long bootMillis;

    private int mode = HOLD;
    private boolean armed;
    private double x;
    private double y;
    private double vx;
    private double vy;
    private boolean obstacle;
    private boolean failsafe;
    private long lastGcsHeartbeat = -1;
    private List<MissionItemInt> mission = List.of();
    private int missionSeq;
    private final ElapsedStep elapsed;

    public SimRover(String name, Link link, int systemId, double homeLat, double homeLon, double batteryPercent,
                    SimTimings timings, StationClock clock, byte[] signingKey) {
        this.name = name;
        this.systemId = systemId;
        this.clock = clock;
        this.elapsed = new ElapsedStep(clock, STEP);
        this.frame = new LocalFrame(homeLat, homeLon);
        this.battery = new BatteryModel(timings.withVehicle(ENDURANCE, CRUISE_SPEED), batteryPercent);
        this.bootMillis = clock.millis();
        MavlinkConfig config = MavlinkConfig.defaults().withIds(systemId, 1);
        if (signingKey != null) {
            config = config.withSigning(new SigningConfig(signingKey, 0, UnsignedPolicy.defaultForSignedLink()));
        }
        this.endpoint = MavlinkEndpoint.start(link, clock, config, this::heartbeat);
        endpoint.subscribe(CommandLong.class, this::onCommand);
        endpoint.subscribe(Heartbeat.class, m -> {
            if (m.payload().type() != null && m.payload().type().entry() == MavType.MAV_TYPE_GCS) {
                synchronized (this) {
                    lastGcsHeartbeat = clock.millis();
                }
            }
        });
        new VehicleMissionServer(name, systemId, endpoint, () -> mode() != AUTO, this::missionStored, () -> true, this::send);
        timers.add(clock.scheduleAtFixedRate(STEP, STEP, this::step));
        every(Duration.ofMillis(500), () -> ArduPilotTelemetry.sysStatus(battery.percent(), armed));
        every(Duration.ofMillis(500), () -> ArduPilotTelemetry.batteryStatus(battery.percent(), armed));
        every(Duration.ofMillis(500), () -> ArduPilotTelemetry.gps(clock.millis() - bootMillis, true, lat7(), lon7(), 0,
                Math.hypot(vx, vy)));
        every(Duration.ofMillis(333), () -> ArduPilotTelemetry.position(clock.millis() - bootMillis, lat7(), lon7(), 0,
                vx, vy, 0));
        every(Duration.ofMillis(250), () -> ArduPilotTelemetry.hud(Math.hypot(vx, vy), armed, 0, 0));
        every(Duration.ofMillis(100), () -> Attitude.builder().timeBootMs(clock.millis() - bootMillis).build());
        every(Duration.ofSeconds(1), () -> mission.isEmpty() ? null
                : MissionCurrent.builder().seq(missionSeq).total(mission.size()).build());
        LOG.info("{}: simulated rover, system id {}, at its dock {},{}", name, systemId, homeLat, homeLon);
    }

    // ---------------------------------------------------------------- inspection and faults

    public synchronized int mode() {
        return mode;
    }

    public synchronized boolean armed() {
        return armed;
    }

    public synchronized double distanceFromHome() {
        return Math.hypot(x, y);
    }

    public synchronized double speed() {
        return Math.hypot(vx, vy);
    }

    /** Something blocks the robot's path (true) or it is clear again (false). */
    public void obstacle(boolean blocked) {
        Object text;
        synchronized (this) {
            if (obstacle == blocked) {
                return;
            }
            obstacle = blocked;
            text = ArduPilotTelemetry.text(MavSeverity.MAV_SEVERITY_WARNING,
                    blocked ? "OA: obstacle ahead, paused" : "OA: path clear, resuming");
        }
        send(text);
    }

    // ---------------------------------------------------------------- commands

    private void onCommand(InboundMessage<CommandLong> m) {
        CommandLong c = m.payload();
        if (c.targetSystem() != systemId) {
            return;
        }
        int cmd = c.command().value();
        MavResult r;
        synchronized (this) {
            r = switch (cmd) {
                case 400 -> {
                    if (c.param1() == 1f && mode != HOLD && mode != GUIDED && mode != MANUAL) {
                        yield MavResult.MAV_RESULT_FAILED;
                    }
                    armed = c.param1() == 1f;
                    yield MavResult.MAV_RESULT_ACCEPTED;
                }
                case 176 -> setMode((int) c.param2());
                case 20 -> setMode(RTL);
                case 300 -> mission.size() < 2 ? MavResult.MAV_RESULT_FAILED : setMode(AUTO);
                default -> MavResult.MAV_RESULT_UNSUPPORTED;
            };
        }
        send(ArduPilotTelemetry.ack(cmd, r, m));
    }

    private MavResult setMode(int newMode) {
        if (newMode != MANUAL && newMode != HOLD && newMode != AUTO && newMode != RTL && newMode != GUIDED) {
            return MavResult.MAV_RESULT_UNSUPPORTED;
        }
        if (newMode == AUTO) {
            missionSeq = Math.max(1, missionSeq);   // item 0 is home
        }
        mode = newMode;
        LOG.info("{}: mode {}", name, newMode);
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    private synchronized void missionStored(List<MissionItemInt> items) {
        mission = items;
        missionSeq = 0;
    }

    // ---------------------------------------------------------------- physics

    private void step() {
        List<Object> out = new ArrayList<>();
        synchronized (this) {
            Duration step = elapsed.next();
            double dt = step.toNanos() / 1e9;
            long now = clock.millis();
            if (armed && !failsafe && lastGcsHeartbeat >= 0 && now - lastGcsHeartbeat > 5_000 && mode == AUTO) {
                failsafe = true;
                out.add(ArduPilotTelemetry.text(MavSeverity.MAV_SEVERITY_CRITICAL, "GCS Failsafe"));
                setMode(RTL);
            }
            double[] target = null;
            if (armed && mode == AUTO) {
                target = autoTarget(out);
            } else if (armed && mode == RTL) {
                target = new double[] {0, 0};
            }
            vx = vy = 0;
            if (target != null && !obstacle) {
                double dx = target[0] - x;
                double dy = target[1] - y;
                double dist = Math.hypot(dx, dy);
                double move = CRUISE_SPEED * dt;
                if (dist > move) {
                    vx = dx / dist * CRUISE_SPEED;
                    vy = dy / dist * CRUISE_SPEED;
                    x += vx * dt;
                    y += vy * dt;
                } else {
                    x = target[0];
                    y = target[1];
                    if (mode == RTL) {
                        mode = HOLD;
                        failsafe = false;
                        out.add(ArduPilotTelemetry.text(MavSeverity.MAV_SEVERITY_INFO, "Reached home"));
                    }
                }
            }
            battery.step(step, Math.hypot(vx, vy) > 0, Math.hypot(vx, vy), 0);
        }
        out.forEach(this::send);
    }

    private double[] autoTarget(List<Object> out) {
        while (missionSeq < mission.size()) {
            MissionItemInt item = mission.get(missionSeq);
            int cmd = item.command().value();
            if (cmd == 16) {
                double[] wp = {frame.east(item.y() / 1e7), frame.north(item.x() / 1e7)};
                if (Math.hypot(wp[0] - x, wp[1] - y) < 0.5) {
                    out.add(MissionItemReached.builder().seq(missionSeq).build());
                    missionSeq++;
                    continue;
                }
                return wp;
            }
            out.add(MissionItemReached.builder().seq(missionSeq).build());
            missionSeq++;
            if (cmd == 20) {
                setMode(RTL);
                return new double[] {0, 0};
            }
        }
        out.add(ArduPilotTelemetry.text(MavSeverity.MAV_SEVERITY_INFO, "Mission complete"));
        mode = HOLD;
        return null;
    }

    private int lat7() {
        return frame.lat7(y);
    }

    private int lon7() {
        return frame.lon7(x);
    }

    // ---------------------------------------------------------------- telemetry

    private void every(Duration period, java.util.function.Supplier<Object> build) {
        timers.add(clock.scheduleAtFixedRate(period, period, () -> {
            Object m;
            synchronized (this) {
                m = build.get();
            }
            if (m != null) {
                send(m);
            }
        }));
    }

    private synchronized Heartbeat heartbeat() {
        return ArduPilotTelemetry.heartbeat(MavType.MAV_TYPE_GROUND_ROVER, mode, armed,
                failsafe ? MavState.MAV_STATE_CRITICAL : armed ? MavState.MAV_STATE_ACTIVE : MavState.MAV_STATE_STANDBY);
    }

    private void send(Object m) {
        try {
            endpoint.send(m);
        } catch (LinkDownException e) {
            // the radio transmits whether anyone listens or not
        }
    }

    @Override
    public void close() {
        timers.forEach(StationClock.Timer::cancel);
        endpoint.close();
    }
}

package io.streetstation.hil.rig;

import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.ExtendedSysState;
import io.dronefleet.mavlink.common.MavLandedState;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionItemReached;
import io.dronefleet.mavlink.common.Statustext;
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
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * An ArduPilot copter living in one bay of the nest, as its telemetry radio hears it: arming
 * checks, modes (STABILIZE, GUIDED, AUTO, LOITER, RTL, LAND), takeoff, goto (DO_REPOSITION),
 * the vehicle side of the mission protocol with waypoint execution, battery drain by time, speed
 * and wind, failsafes (ground-station heartbeat lost → RTL, battery reserve → RTL, critical →
 * LAND, GPS lost → LAND), a precision landing back onto its bay, and its camera through the
 * MAVLink camera protocol served by the autopilot component (camera id 1), as ArduPilot serves
 * the cameras it controls.
 *
 * <pre>
 *   ON_GROUND ──TAKEOFF (GUIDED, armed)──▶ TAKING_OFF ──alt reached──▶ FLYING
 *   FLYING ──LAND / RTL at home / failsafe──▶ LANDING ──touchdown──▶ ON_GROUND (auto-disarm)
 *   TAKING_OFF with the roof not open ──▶ CRASHED (latched)
 * </pre>
 *
 * <p>Positions are local metres east/north of the bay, converted to lat/lon for telemetry.
 * Command handlers run on the endpoint's dispatch thread, physics on the clock's; state is guarded
 * by this object's monitor, and messages are sent after it is released.
 */
public final class SimCopter implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("sim");

    static final int STABILIZE = 0;
    static final int AUTO = 3;
    static final int GUIDED = 4;
    static final int LOITER = 5;
    static final int RTL = 6;
    static final int LAND = 9;

    /** Flight phase. */
    public enum Phase { ON_GROUND, TAKING_OFF, FLYING, LANDING, CRASHED }

    /** Tunables, ArduPilot's names in brackets. */
    public record Params(double armingMinPercent, double reservePercent, double criticalPercent, double rtlAltitude,
                         Duration gcsTimeout, Duration disarmDelay, double landingErrorMaxM, Duration physicsStep,
                         Duration streamFloor) {
        public static Params defaults() {
            // BATT_ARM_VOLT-ish 20 %, BATT_LOW 25 %, BATT_CRT 15 %, RTL_ALT 15 m, FS_GCS_TIMEOUT 5 s, DISARM_DELAY 10 s
            return new Params(20, 25, 15, 15, Duration.ofSeconds(5), Duration.ofSeconds(10), 0.05, Duration.ofMillis(100),
                    Duration.ZERO);
        }

        /**
         * The defaults on a clock running {@code speed} times real time: the GCS failsafe waits at
         * least a second of real time (5 s of station time is 42 ms at ×120 — one GC pause or a
         * busy clock thread on a loaded CI machine, not a lost link). At ×5 and below: 5 s.
         */
        public static Params forSpeed(double speed) {
            Params d = defaults();
            Duration gcs = Duration.ofMillis(Math.max(d.gcsTimeout().toMillis(), (long) (1_000 * speed)));
            // and its physics steps at least every 4 ms of real time: 100 ms of station time is 1.7 ms at ×60, and
            // four copters stepping that often are most of the one clock thread's work
            Duration step = Duration.ofMillis(Math.max(d.physicsStep().toMillis(), (long) (4 * speed)));
            // and each telemetry stream at most every 10 ms of real time: at ×60 the attitude's 10 Hz of station time
            // is 600 messages a second per copter, written to its pty on the one clock thread (a stall there is a
            // stall of every copter's world, and the GCS failsafe fires when it ends)
            Duration streams = Duration.ofMillis((long) (10 * speed));
            return new Params(d.armingMinPercent(), d.reservePercent(), d.criticalPercent(), d.rtlAltitude(), gcs,
                    d.disarmDelay(), d.landingErrorMaxM(), step, streams);
        }
    }

    private final String name;
    private final int systemId;
    private final StationClock clock;
    private final SimTimings timings;
    private final Params params;
    private final MavlinkEndpoint endpoint;
    private final BatteryModel battery;
    private final LocalFrame frame;
    private final BooleanSupplier roofOpen;
    private final DoubleSupplier windSpeed;
    private final Consumer<Boolean> onBay;
    private final Random random;
    private final List<StationClock.Timer> timers = new ArrayList<>();
    private final List<IntConsumer> commandListeners = new CopyOnWriteArrayList<>();

    // state, guarded by this
    private Phase phase = Phase.ON_GROUND;
    private int mode = STABILIZE;
    private boolean armed;
    private long armedAt;
    private double x;
    private double y;
    private double alt;
    private double vx;
    private double vy;
    private double vz;
    private double[] target;          // x, y, alt; null = hold
    private double speed;
    private double takeoffAlt;
    private boolean gpsOk = true;
    private int landingMisses;
    private boolean failsafeTriggered;
    private long lastGcsHeartbeat = -1;
    private final VehicleMissionServer missionServer;
    /** the stored mission as the vehicle flies it (copied from the server on each upload) */
    private List<MissionItemInt> mission = List.of();
    private int missionSeq;
    private long loiterUntil = -1;
    // camera (served by the autopilot component, as ArduPilot does for the cameras it controls)
    private boolean capturing;
    private long captureIntervalMs;
    private int capturesLeft;          // 0 = until stopped
    private long nextCaptureAt;
    private final List<io.dronefleet.mavlink.common.CameraImageCaptured> captured = new ArrayList<>();
    private long bootMillis;
    private boolean powered = true;
    /** station millis when the autopilot has booted after power-on; it is silent before */
    private long bootedAt;
    /** station-clock nanos of the last physics step; flight advances by what really elapsed */
    private final ElapsedStep elapsed;

    /**
     * @param roofOpen whether the nest roof is open above the bay (a climb under a closed roof crashes)
     * @param windSpeed current wind, m/s, for battery drain
     * @param onBay told true when the copter lands back on its bay, false when it lifts off
     */
    public SimCopter(String name, Link link, int systemId, double homeLat, double homeLon, double batteryPercent,
                     SimTimings timings, Params params, StationClock clock, byte[] signingKey, BooleanSupplier roofOpen,
                     DoubleSupplier windSpeed, Consumer<Boolean> onBay, long seed) {
        this.name = name;
        this.systemId = systemId;
        this.clock = clock;
        this.elapsed = new ElapsedStep(clock, params.physicsStep());
        this.timings = timings;
        this.params = params;
        this.frame = new LocalFrame(homeLat, homeLon);
        this.battery = new BatteryModel(timings, batteryPercent);
        this.roofOpen = roofOpen;
        this.windSpeed = windSpeed;
        this.onBay = onBay;
        this.random = new Random(seed);
        this.speed = timings.cruiseSpeed();
        this.bootMillis = clock.millis();
        MavlinkConfig config = MavlinkConfig.defaults().withIds(systemId, 1);
        if (signingKey != null) {
            config = config.withSigning(new SigningConfig(signingKey, 0, UnsignedPolicy.defaultForSignedLink()));
        }
        this.endpoint = MavlinkEndpoint.start(link, clock, config, this::heartbeat);
        endpoint.subscribe(CommandLong.class, this::onCommandLong);
        endpoint.subscribe(CommandInt.class, this::onCommandInt);
        endpoint.subscribe(Heartbeat.class, m -> {
            if (m.payload().type() != null && m.payload().type().entry() == MavType.MAV_TYPE_GCS) {
                synchronized (this) {
                    lastGcsHeartbeat = clock.millis();
                }
            }
        });
        this.missionServer = new VehicleMissionServer(name, systemId, endpoint,
                () -> !(mode() == AUTO && phase() == Phase.FLYING), this::missionStored, this::talking, this::send);
        timers.add(clock.scheduleAtFixedRate(params.physicsStep(), params.physicsStep(), this::step));
        stream(Duration.ofMillis(500), this::sysStatus);
        stream(Duration.ofMillis(500), this::gps);
        stream(Duration.ofMillis(500), this::batteryStatus);
        stream(Duration.ofMillis(333), this::position);
        stream(Duration.ofMillis(250), this::hud);
        stream(Duration.ofMillis(100), this::attitude);
        stream(Duration.ofSeconds(1), this::extendedState);
        stream(Duration.ofSeconds(1), this::missionCurrent);
        LOG.info("{}: simulated copter, system id {}, in its bay at {},{}", name, systemId, homeLat, homeLon);
    }

    // ---------------------------------------------------------------- inspection and fault injection

    public String name() {
        return name;
    }

    public synchronized Phase phase() {
        return phase;
    }

    public synchronized boolean armed() {
        return armed;
    }

    public synchronized int mode() {
        return mode;
    }

    public synchronized double altitude() {
        return alt;
    }

    /** Horizontal distance from the bay, m. */
    public synchronized double distanceFromHome() {
        return Math.hypot(x, y);
    }

    public synchronized double batteryPercent() {
        return battery.percent();
    }

    /** The bay's charger sets the pack level while the copter sits on it. */
    public synchronized void charged(double percent) {
        if (phase == Phase.ON_GROUND) {
            battery.sag(battery.percent() - percent);
        }
    }

    /**
     * The bay switches the drone's power: off silences it at once; on boots the autopilot, which
     * speaks (heartbeat and streams) after the configured boot time. Only on the ground.
     */
    public synchronized void power(boolean on) {
        if (phase != Phase.ON_GROUND && phase != Phase.CRASHED) {
            return;
        }
        if (on && !powered) {
            bootedAt = clock.millis() + timings.droneBoot().toMillis();
            bootMillis = clock.millis();
            LOG.info("{}: powered on, booting", name);
        } else if (!on && powered) {
            armed = false;
            LOG.info("{}: powered off", name);
        }
        powered = on;
    }

    /** Powered and booted: it hears and speaks. */
    public synchronized boolean talking() {
        return powered && clock.millis() >= bootedAt;
    }

    public synchronized void batterySag(double points) {
        battery.sag(points);
    }

    public synchronized void gpsLost(boolean lost) {
        gpsOk = !lost;
    }

    /** The next {@code times} precision landings miss the bay (each lands 0.4 m off); 0 ends it. */
    public synchronized void landingMisses(int times) {
        landingMisses = times;
    }

    // ---------------------------------------------------------------- commands

    /**
     * Tells {@code listener} the MAV_CMD id of every COMMAND_LONG the moment it is decoded, before
     * the copter acts or answers (on the link's reader thread: keep it short).
     */
    public void onCommand(IntConsumer listener) {
        commandListeners.add(listener);
    }

    private void onCommandLong(InboundMessage<CommandLong> m) {
        CommandLong c = m.payload();
        int cmd = c.command().value();
        commandListeners.forEach(l -> l.accept(cmd));
        answer(c.targetSystem(), cmd, m, also -> switch (cmd) {
                case 400 -> arm(c.param1() == 1f, (int) c.param2() == 21196, also);
                case 176 -> setMode((int) c.param2(), also);
                case 22 -> takeoff(c.param7(), also);
                case 20 -> setMode(RTL, also);
                case 21 -> setMode(LAND, also);
                case 300 -> startMission(also);
                case 224 -> setMissionCurrent((int) c.param1(), also);
                case 178 -> {
                    if (c.param2() > 0 && c.param2() <= timings.dispatchSpeed()) {
                        speed = c.param2();
                        yield MavResult.MAV_RESULT_ACCEPTED;
                    }
                    yield MavResult.MAV_RESULT_DENIED;
                }
                case 512 -> requestMessage((int) c.param1(), (int) c.param2(), also);
                case 511 -> MavResult.MAV_RESULT_ACCEPTED;   // message interval: streams are fixed in this simulator
                case 2000 -> startCapture(c.param2(), (int) c.param3(), also);
                case 2001 -> {
                    capturing = false;
                    yield MavResult.MAV_RESULT_ACCEPTED;
                }
                default -> MavResult.MAV_RESULT_UNSUPPORTED;
            });
    }

    private void onCommandInt(InboundMessage<CommandInt> m) {
        CommandInt c = m.payload();
        int cmd = c.command().value();
        answer(c.targetSystem(), cmd, m, also -> switch (cmd) {
                case 192 -> reposition(c.x() / 1e7, c.y() / 1e7, c.z(), c.param1(), also);
                case 20 -> setMode(RTL, also);
                case 21 -> setMode(LAND, also);
                default -> MavResult.MAV_RESULT_UNSUPPORTED;
            });
    }

    /**
     * A command for this vehicle (if it is powered and booted): {@code run} decides under the
     * monitor, adding any messages that go out after the ACK to its list; the ACK goes first.
     */
    private void answer(int targetSystem, int cmd, InboundMessage<?> m,
                        java.util.function.Function<List<Object>, MavResult> run) {
        if (targetSystem != systemId || !talking()) {
            return;
        }
        List<Object> also = new ArrayList<>();
        MavResult r;
        synchronized (this) {
            r = run.apply(also);
        }
        send(ack(cmd, r, m));
        also.forEach(this::send);
    }

    private MavResult arm(boolean on, boolean force, List<Object> also) {
        if (!on) {
            if (phase == Phase.ON_GROUND || phase == Phase.CRASHED || force) {
                armed = false;
                return MavResult.MAV_RESULT_ACCEPTED;
            }
            also.add(text(MavSeverity.MAV_SEVERITY_WARNING, "Disarm refused: flying"));
            return MavResult.MAV_RESULT_DENIED;
        }
        if (phase != Phase.ON_GROUND) {
            return phase == Phase.CRASHED ? MavResult.MAV_RESULT_FAILED : MavResult.MAV_RESULT_ACCEPTED;
        }
        String why = !gpsOk ? "PreArm: GPS: no fix"
                : battery.percent() < params.armingMinPercent()
                ? String.format("PreArm: Battery %.0f%% below minimum %.0f%%", battery.percent(), params.armingMinPercent())
                : mode == RTL || mode == LAND || mode == AUTO ? "PreArm: mode not armable" : null;
        if (why != null) {
            also.add(text(MavSeverity.MAV_SEVERITY_CRITICAL, why));
            return MavResult.MAV_RESULT_FAILED;
        }
        armed = true;
        armedAt = clock.millis();
        LOG.info("{}: armed", name);
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    private MavResult setMode(int newMode, List<Object> also) {
        if (newMode != STABILIZE && newMode != GUIDED && newMode != AUTO && newMode != LOITER && newMode != RTL
                && newMode != LAND) {
            return MavResult.MAV_RESULT_UNSUPPORTED;
        }
        if (!gpsOk && newMode != LAND && newMode != STABILIZE) {
            also.add(text(MavSeverity.MAV_SEVERITY_WARNING, "Mode change failed: requires position"));
            return MavResult.MAV_RESULT_FAILED;
        }
        enterMode(newMode);
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    private void enterMode(int newMode) {
        mode = newMode;
        target = null;
        if (phase == Phase.FLYING || phase == Phase.TAKING_OFF) {
            switch (newMode) {
                case RTL -> target = new double[] {0, 0, Math.max(alt, params.rtlAltitude())};
                case LAND -> phase = Phase.LANDING;
                case AUTO -> {
                    missionSeq = Math.max(1, missionSeq);
                    loiterUntil = -1;
                }
                default -> { }
            }
        }
        LOG.info("{}: mode {}", name, newMode);
    }

    private MavResult takeoff(double altitude, List<Object> also) {
        if (mode != GUIDED || !armed || phase != Phase.ON_GROUND || altitude < 1 || altitude > 120) {
            also.add(text(MavSeverity.MAV_SEVERITY_WARNING, "Takeoff refused: needs GUIDED, armed, on the ground, alt 1..120 m"));
            return MavResult.MAV_RESULT_DENIED;
        }
        phase = Phase.TAKING_OFF;
        takeoffAlt = altitude;
        onBay.accept(false);
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    /** Accepted once airborne (during the takeoff climb too: the new target applies after it). */
    private MavResult reposition(double lat, double lon, double altitude, float groundSpeed, List<Object> also) {
        if ((phase != Phase.FLYING && phase != Phase.TAKING_OFF) || !gpsOk) {
            return MavResult.MAV_RESULT_DENIED;
        }
        if (groundSpeed > 0) {
            speed = Math.min(groundSpeed, timings.dispatchSpeed());
        }
        mode = GUIDED;
        target = new double[] {frame.east(lon), frame.north(lat), altitude};
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    /** MAV_CMD_REQUEST_MESSAGE: camera information, or a capture again by its index (lost-capture recovery). */
    private MavResult requestMessage(int messageId, int index, List<Object> also) {
        switch (messageId) {
            case 259 -> also.add(io.dronefleet.mavlink.common.CameraInformation.builder().timeBootMs(timeBootMs())
                    .vendorName(fixed("SimOptics", 32)).modelName(fixed("PatrolCam 4K", 32)).firmwareVersion(0x01020304)
                    .focalLength(4.5f).sensorSizeH(6.17f).sensorSizeV(4.55f).resolutionH(3840).resolutionV(2160)
                    .flags(io.dronefleet.mavlink.common.CameraCapFlags.CAMERA_CAP_FLAGS_CAPTURE_IMAGE)
                    .camDefinitionUri("").build());
            case 263 -> {
                if (index < 0 || index >= captured.size()) {
                    return MavResult.MAV_RESULT_DENIED;
                }
                also.add(captured.get(index));
            }
            default -> {
                return MavResult.MAV_RESULT_UNSUPPORTED;
            }
        }
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    private MavResult startCapture(float intervalS, int count, List<Object> also) {
        if (intervalS < 0 || count < 0) {
            return MavResult.MAV_RESULT_DENIED;
        }
        capturing = true;
        captureIntervalMs = (long) (intervalS * 1000);
        capturesLeft = intervalS == 0 ? 1 : count;
        nextCaptureAt = clock.millis();
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    private void captureIfDue(long now, List<Object> out) {
        if (!capturing || now < nextCaptureAt) {
            return;
        }
        var image = io.dronefleet.mavlink.common.CameraImageCaptured.builder().timeBootMs(timeBootMs())
                .timeUtc(BigInteger.valueOf(clock.now().toEpochMilli() * 1000)).cameraId(1).lat(lat7()).lon(lon7())
                .alt(52_000 + (int) (alt * 1000)).relativeAlt((int) Math.round(alt * 1000))
                .q(List.of(1f, 0f, 0f, 0f)).imageIndex(captured.size()).captureResult(1)
                .fileUrl(String.format("file:///DCIM/%s_%05d.jpg", name, captured.size())).build();
        captured.add(image);
        out.add(image);
        nextCaptureAt = now + Math.max(captureIntervalMs, 1);
        if (capturesLeft > 0 && --capturesLeft == 0) {
            capturing = false;
        }
    }

    private static byte[] fixed(String s, int length) {
        byte[] b = new byte[length];
        byte[] src = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(src, 0, b, 0, Math.min(src.length, length));
        return b;
    }

    /** Images taken so far (index = position in this count). */
    public synchronized int imagesCaptured() {
        return captured.size();
    }

    /** MAV_CMD_DO_SET_MISSION_CURRENT: fly item {@code seq} next (ArduPilot: 1..count-1; 0 is home). */
    private MavResult setMissionCurrent(int seq, List<Object> also) {
        if (seq < 1 || seq >= mission.size()) {
            also.add(text(MavSeverity.MAV_SEVERITY_WARNING, "Mission: no item " + seq));
            return MavResult.MAV_RESULT_DENIED;
        }
        missionSeq = seq;
        loiterUntil = -1;
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    private MavResult startMission(List<Object> also) {
        if (mission.size() < 2) {
            also.add(text(MavSeverity.MAV_SEVERITY_WARNING, "Mission: no mission"));
            return MavResult.MAV_RESULT_FAILED;
        }
        missionSeq = 1;
        enterMode(AUTO);
        return MavResult.MAV_RESULT_ACCEPTED;
    }

    // ---------------------------------------------------------------- physics (clock thread)

    private void step() {
        List<Object> out = new ArrayList<>();
        synchronized (this) {
            // on an accelerated clock the timer thread can lag: integrate over the station time
            // that really passed (at most 1 s), so flight keeps pace with the station clock
            Duration step = elapsed.next();
            double dt = step.toNanos() / 1e9;
            long now = clock.millis();
            boolean flying = phase == Phase.TAKING_OFF || phase == Phase.FLYING || phase == Phase.LANDING;
            battery.step(step, flying, Math.hypot(vx, vy), windSpeed.getAsDouble());
            if (armed && phase == Phase.ON_GROUND && now - armedAt > params.disarmDelay().toMillis()) {
                armed = false;
                out.add(text(MavSeverity.MAV_SEVERITY_INFO, "Disarming motors: no takeoff"));
            }
            if (flying) {
                failsafes(now, out);
            }
            captureIfDue(now, out);
            vx = vy = vz = 0;
            switch (phase) {
                case TAKING_OFF -> {
                    double climb = 30.0 / (timings.takeoffTo30m().toNanos() / 1e9);
                    alt = Math.min(takeoffAlt, alt + climb * dt);
                    vz = climb;
                    if (alt > 0.5 && !roofOpen.getAsBoolean()) {
                        crash("struck the nest roof", out);
                    } else if (alt >= takeoffAlt) {
                        phase = Phase.FLYING;
                    }
                }
                case FLYING -> fly(dt, now, out);
                case LANDING -> {
                    double rate = 10.0 / (timings.precisionLanding().toNanos() / 1e9);
                    alt = Math.max(0, alt - rate * dt);
                    vz = -rate;
                    if (alt <= 0) {
                        touchdown(out);
                    }
                }
                default -> { }
            }
        }
        out.forEach(this::send);
    }

    private void failsafes(long now, List<Object> out) {
        if (failsafeTriggered || mode == LAND) {
            return;
        }
        String why = null;
        int to = RTL;
        if (lastGcsHeartbeat >= 0 && now - lastGcsHeartbeat > params.gcsTimeout().toMillis()) {
            why = "GCS Failsafe";
        } else if (battery.percent() < params.criticalPercent()) {
            why = "Battery Failsafe: critical";
            to = LAND;
        } else if (battery.percent() < params.reservePercent() && mode != RTL) {
            why = "Battery Failsafe: low";
        } else if (!gpsOk) {
            why = "EKF Failsafe: GPS lost";
            to = LAND;
        }
        if (why != null) {
            failsafeTriggered = true;
            out.add(text(MavSeverity.MAV_SEVERITY_CRITICAL, why));
            LOG.info("{}: {} -> mode {}", name, why, to);
            enterMode(to);
        }
    }

    private void fly(double dt, long now, List<Object> out) {
        if (mode == AUTO) {
            auto(now, out);
        }
        if (target == null) {
            return;
        }
        double dx = target[0] - x;
        double dy = target[1] - y;
        double dz = target[2] - alt;
        double dist = Math.hypot(dx, dy);
        double step = speed * dt;
        if (Math.abs(dz) > 0.05) {
            double climb = Math.signum(dz) * Math.min(Math.abs(dz), 3.0 * dt);
            alt += climb;
            vz = climb / dt;
        }
        if (dist > step) {
            vx = dx / dist * speed;
            vy = dy / dist * speed;
            x += vx * dt;
            y += vy * dt;
        } else {
            x = target[0];
            y = target[1];
            if (mode == RTL && Math.abs(dz) <= 0.05) {
                phase = Phase.LANDING;   // over the bay: precision landing
                target = null;
            }
        }
    }

    private void auto(long now, List<Object> out) {
        if (missionSeq >= mission.size()) {
            out.add(text(MavSeverity.MAV_SEVERITY_INFO, "Mission complete"));
            enterMode(LOITER);
            return;
        }
        MissionItemInt item = mission.get(missionSeq);
        int cmd = item.command().value();
        switch (cmd) {
            case 16 -> {   // NAV_WAYPOINT
                double[] wp = {frame.east(item.y() / 1e7), frame.north(item.x() / 1e7), item.z()};
                target = wp;
                if (Math.hypot(wp[0] - x, wp[1] - y) < 1.0 && Math.abs(wp[2] - alt) < 0.5) {
                    reached(out);
                }
            }
            case 19 -> {   // NAV_LOITER_TIME, param1 s
                target = null;
                if (loiterUntil < 0) {
                    loiterUntil = now + (long) (item.param1() * 1000);
                } else if (now >= loiterUntil) {
                    loiterUntil = -1;
                    reached(out);
                }
            }
            case 20 -> {   // NAV_RETURN_TO_LAUNCH
                reached(out);
                enterMode(RTL);
            }
            case 21 -> {   // NAV_LAND
                reached(out);
                enterMode(LAND);
            }
            case 178 -> {  // DO_CHANGE_SPEED, param2 m/s
                if (item.param2() > 0 && item.param2() <= timings.dispatchSpeed()) {
                    speed = item.param2();
                }
                reached(out);
            }
            case 177 -> {  // DO_JUMP to seq param1; repeat count param2 (-1: forever) is not counted here: forever
                int to = (int) item.param1();
                missionSeq = to >= 1 && to < mission.size() && to != missionSeq ? to : missionSeq + 1;
            }
            default -> reached(out);   // items this copter does not fly are skipped, as DO_ items without effect
        }
    }

    private void reached(List<Object> out) {
        out.add(MissionItemReached.builder().seq(missionSeq).build());
        missionSeq++;
    }

    private void touchdown(List<Object> out) {
        phase = Phase.ON_GROUND;
        armed = false;
        target = null;
        failsafeTriggered = false;
        boolean home = Math.hypot(x, y) < 1.0;
        double error = home && landingMisses > 0 ? 0.4 : params.landingErrorMaxM() * random.nextDouble();
        landingMisses = home ? Math.max(0, landingMisses - 1) : landingMisses;
        boolean onTheBay = home && error <= params.landingErrorMaxM();
        out.add(text(MavSeverity.MAV_SEVERITY_INFO, String.format("Landed, error %.2f m%s", error,
                onTheBay ? "" : " (off the bay)")));
        LOG.info("{}: landed {} m from home, error {} m", name, Math.round(Math.hypot(x, y)), error);
        onBay.accept(onTheBay);
    }

    private void crash(String why, List<Object> out) {
        phase = Phase.CRASHED;
        armed = false;
        target = null;
        out.add(text(MavSeverity.MAV_SEVERITY_EMERGENCY, "Crash: " + why));
        LOG.warn("{}: crashed: {}", name, why);
    }

    // ---------------------------------------------------------------- telemetry

    private void stream(Duration period, Runnable r) {
        Duration p = period.compareTo(params.streamFloor()) < 0 ? params.streamFloor() : period;
        timers.add(clock.scheduleAtFixedRate(p, p, r));
    }

    private synchronized void missionStored(List<MissionItemInt> items) {
        mission = items;
        missionSeq = 0;
    }

    private void send(Object m) {
        if (!talking()) {
            return;   // powered off or still booting: the radio is silent
        }
        try {
            endpoint.send(m);
        } catch (LinkDownException e) {
            // the radio transmits whether anyone listens or not
        }
    }

    private static CommandAck ack(int cmd, MavResult r, InboundMessage<?> to) {
        return ArduPilotTelemetry.ack(cmd, r, to);
    }

    private static Statustext text(MavSeverity severity, String text) {
        return ArduPilotTelemetry.text(severity, text);
    }

    private synchronized Heartbeat heartbeat() {
        if (!powered || clock.millis() < bootedAt) {
            return null;
        }
        MavState state = phase == Phase.CRASHED ? MavState.MAV_STATE_EMERGENCY
                : failsafeTriggered ? MavState.MAV_STATE_CRITICAL
                : armed ? MavState.MAV_STATE_ACTIVE : MavState.MAV_STATE_STANDBY;
        return ArduPilotTelemetry.heartbeat(MavType.MAV_TYPE_QUADROTOR, mode, armed, state);
    }

    private long timeBootMs() {
        return clock.millis() - bootMillis;
    }

    private int lat7() {
        return frame.lat7(y);
    }

    private int lon7() {
        return frame.lon7(x);
    }

    /** Builds a message under the monitor and sends it after releasing it. */
    private void emit(java.util.function.Supplier<Object> build) {
        Object m;
        synchronized (this) {
            m = build.get();
        }
        if (m != null) {
            send(m);
        }
    }

    private void sysStatus() {
        emit(() -> ArduPilotTelemetry.sysStatus(battery.percent(), armed));
    }

    private void gps() {
        emit(() -> ArduPilotTelemetry.gps(timeBootMs(), gpsOk, lat7(), lon7(), alt, Math.hypot(vx, vy)));
    }

    private void batteryStatus() {
        emit(() -> ArduPilotTelemetry.batteryStatus(battery.percent(), armed));
    }

    private void position() {
        emit(() -> ArduPilotTelemetry.position(timeBootMs(), lat7(), lon7(), alt, vx, vy, vz));
    }

    private void hud() {
        emit(() -> ArduPilotTelemetry.hud(Math.hypot(vx, vy), armed, alt, vz));
    }

    private void attitude() {
        send(Attitude.builder().timeBootMs(timeBootMs()).roll(0.001f).pitch(-0.002f).yaw(0.0f).build());
    }

    private void extendedState() {
        emit(() -> ExtendedSysState.builder().landedState(switch (phase) {
            case ON_GROUND, CRASHED -> MavLandedState.MAV_LANDED_STATE_ON_GROUND;
            case TAKING_OFF -> MavLandedState.MAV_LANDED_STATE_TAKEOFF;
            case FLYING -> MavLandedState.MAV_LANDED_STATE_IN_AIR;
            case LANDING -> MavLandedState.MAV_LANDED_STATE_LANDING;
        }).build());
    }

    private void missionCurrent() {
        emit(() -> mission.isEmpty() ? null : MissionCurrent.builder().seq(missionSeq).total(mission.size()).build());
    }

    @Override
    public void close() {
        timers.forEach(StationClock.Timer::cancel);
        endpoint.close();
    }
}

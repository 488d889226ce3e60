package io.streetstation.agent.device;

import io.dronefleet.mavlink.common.MavCmd;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.mission.MissionItems;
import io.streetstation.bridge.mavlink.HomeSlot;
import io.streetstation.bridge.mavlink.MissionItem;
import io.streetstation.bridge.mavlink.MissionType;
import io.streetstation.agent.ops.DronePort;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.CommandResult;
import io.streetstation.bridge.mavlink.ComponentId;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * A copter as the operations' {@link DronePort}, over its MAVLink endpoint (ArduPilot Copter
 * semantics): GUIDED mode, arm, take-off and return-to-launch as COMMAND_LONGs whose ACK must be
 * ACCEPTED; heartbeat, pre-flight and altitude from the telemetry the {@link VehicleMonitor}
 * keeps, polled on the station clock.
 */
public final class MavlinkDrone implements DronePort {

    private static final int MAV_CMD_DO_SET_MODE = CommandRequest.id(MavCmd.MAV_CMD_DO_SET_MODE);
    private static final int MAV_CMD_COMPONENT_ARM_DISARM = CommandRequest.id(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM);
    private static final int MAV_CMD_NAV_TAKEOFF = CommandRequest.id(MavCmd.MAV_CMD_NAV_TAKEOFF);
    private static final int MAV_CMD_NAV_LAND = CommandRequest.id(MavCmd.MAV_CMD_NAV_LAND);
    private static final int MAV_CMD_DO_SET_MISSION_CURRENT = CommandRequest.id(MavCmd.MAV_CMD_DO_SET_MISSION_CURRENT);
    private static final int MAV_CMD_DO_REPOSITION = CommandRequest.id(MavCmd.MAV_CMD_DO_REPOSITION);
    // RTL, DO_JUMP and the camera commands are MissionItems' (camera commands go to the autopilot, which drives its camera)
    private static final int MAV_FRAME_GLOBAL_RELATIVE_ALT_INT = 6;
    private static final int MAV_MODE_FLAG_CUSTOM_MODE_ENABLED = 1;
    private static final int COPTER_GUIDED = 4;
    private static final int COPTER_AUTO = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Set<String> GOOD_FIX = Set.of("3D_FIX", "DGPS", "RTK_FLOAT", "RTK_FIXED", "STATIC", "PPP");

    private final VehicleMonitor vehicle;
    private final StationClock clock;
    /** Wire seq of uploaded item 0: ArduPilot keeps home at seq 0. */
    private static final int FIRST_SEQ = 1;

    public MavlinkDrone(VehicleMonitor vehicle, StationClock clock) {
        this.vehicle = Objects.requireNonNull(vehicle, "vehicle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return vehicle.name();
    }

    /** How long a pre-flight waits for battery and GPS reports newer than the heartbeat awaited (sent at 1–2 Hz). */
    static final Duration FRESH_REPORTS_WITHIN = Duration.ofSeconds(5);

    /** When the last {@link #awaitHeartbeat} began: reports from before it describe the drone before its power cycle. */
    private volatile Instant awaitedSince;

    @Override
    public CompletionStage<Void> awaitHeartbeat(Duration within) {
        Instant since = clock.now();   // a heartbeat from before (a drone just powered off still looks online for seconds) does not count
        awaitedSince = since;
        Instant giveUp = since.plus(within);
        return until(() -> vehicle.health().status() == DeviceHealth.Status.ONLINE && vehicle.lastHeartbeat() != null
                        && vehicle.lastHeartbeat().isAfter(since), giveUp,
                () -> name() + ": no heartbeat within " + within.toSeconds() + " s of power on");
    }

    /**
     * The checks on reports heard since the last {@link #awaitHeartbeat}: a battery level cached
     * from before a power cycle (the 29 % it landed with, before the bay charged it) is not this
     * drone's battery now. Waits up to {@link #FRESH_REPORTS_WITHIN} for them.
     */
    @Override
    public CompletionStage<Void> preflight(int batteryFloorPercent) {
        Instant since = awaitedSince;
        if (since == null) {
            return check(batteryFloorPercent);
        }
        return until(() -> after(vehicle.lastBatteryReport(), since) && after(vehicle.lastGpsReport(), since),
                clock.now().plus(FRESH_REPORTS_WITHIN), () -> name() + " pre-flight: no battery and GPS report within "
                        + FRESH_REPORTS_WITHIN.toSeconds() + " s of its heartbeat")
                .thenCompose(x -> check(batteryFloorPercent));
    }

    private static boolean after(Instant heard, Instant since) {
        return heard != null && heard.isAfter(since);
    }

    private CompletionStage<Void> check(int batteryFloorPercent) {
        VehicleTelemetry t = vehicle.telemetry();
        List<String> wrong = new ArrayList<>();
        if (vehicle.health().status() != DeviceHealth.Status.ONLINE) {
            wrong.add("link " + vehicle.health().status().name().toLowerCase(Locale.ROOT));
        }
        if (t.gpsFix() == null || !GOOD_FIX.contains(t.gpsFix())) {
            wrong.add("GPS " + (t.gpsFix() == null ? "not reported" : t.gpsFix()) + ", needs a 3D fix");
        }
        if (Double.isNaN(t.batteryPercent())) {
            wrong.add("battery not reported");
        } else if (t.batteryPercent() < batteryFloorPercent) {
            wrong.add(String.format(Locale.ROOT, "battery %.0f %%, launch floor %d %%", t.batteryPercent(), batteryFloorPercent));
        }
        if (t.armed()) {
            wrong.add("already armed");
        }
        if ("CRITICAL".equals(t.systemStatus()) || "EMERGENCY".equals(t.systemStatus())) {
            wrong.add("system status " + t.systemStatus());
        }
        return wrong.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new Step.StepFailedException(name() + " pre-flight: " + String.join("; ", wrong)));
    }

    @Override
    public CompletionStage<Void> takeOff(double altitudeM) {
        return ("GUIDED".equals(mode()) ? CompletableFuture.<Void>completedFuture(null) : guided())
                .thenCompose(x -> command("arm", MAV_CMD_COMPONENT_ARM_DISARM, 1))
                .thenCompose(x -> command("take-off", MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, (float) altitudeM));
    }

    @Override
    public CompletionStage<Void> guided() {
        return command("GUIDED mode", MAV_CMD_DO_SET_MODE, MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, COPTER_GUIDED);
    }

    @Override
    public CompletionStage<Void> reach(double altitudeM) {
        return until(() -> vehicle.telemetry().relativeAlt() >= altitudeM, null, null);
    }

    @Override
    public CompletionStage<Void> returnToLaunch() {
        return command("return to launch", MissionItems.NAV_RETURN_TO_LAUNCH);
    }

    @Override
    public CompletionStage<Void> land() {
        return command("land", MAV_CMD_NAV_LAND);
    }

    @Override
    public boolean airborne() {
        return vehicle.telemetry().airborne();
    }

    @Override
    public CompletionStage<Void> landed() {
        return until(() -> {
            VehicleTelemetry t = vehicle.telemetry();
            return !t.armed() && !(t.relativeAlt() > VehicleTelemetry.AIRBORNE_M);
        }, null, null);
    }

    @Override
    public double batteryPercent() {
        return vehicle.telemetry().batteryPercent();
    }

    @Override
    public Optional<GeoPoint> position() {
        VehicleTelemetry t = vehicle.telemetry();
        return Double.isNaN(t.lat()) || Double.isNaN(t.lon()) ? Optional.empty() : Optional.of(new GeoPoint(t.lat(), t.lon()));
    }

    @Override
    public String mode() {
        return vehicle.telemetry().mode();
    }

    @Override
    public boolean linkUp() {
        return vehicle.health().status() == DeviceHealth.Status.ONLINE;
    }

    /**
     * Uploads behind ArduPilot's home slot (seq 0), so item {@code i} is the vehicle's seq {@code i + 1};
     * a DO_JUMP's target, given as an index into {@code items}, is moved along with it.
     */
    @Override
    public CompletionStage<Void> uploadMission(List<MissionItem> items) {
        List<MissionItem> wire = items.stream().map(i -> i.command() != MissionItems.DO_JUMP ? i
                : new MissionItem(i.frame(), i.command(), i.current(), i.autocontinue(), i.param1() + 1, i.param2(),
                        i.param3(), i.param4(), i.x(), i.y(), i.z())).toList();
        return vehicle.endpoint().missions().upload(autopilot(), wire, MissionType.MISSION, HomeSlot.ARDUPILOT).thenAccept(r -> {
            if (!r.ok()) {
                throw new Step.StepFailedException(name() + ": mission upload " + r.outcome().name()
                        .toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + r.detail() + ")");
            }
        });
    }

    @Override
    public CompletionStage<Void> flyMission(int index) {
        return command("mission item " + index, MAV_CMD_DO_SET_MISSION_CURRENT, index + FIRST_SEQ)
                .thenCompose(x -> command("AUTO mode", MAV_CMD_DO_SET_MODE, MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, COPTER_AUTO));
    }

    @Override
    public int missionIndex() {
        VehicleTelemetry t = vehicle.telemetry();
        return !"AUTO".equals(t.mode()) || t.missionSeq() < FIRST_SEQ ? -1 : t.missionSeq() - FIRST_SEQ;
    }

    @Override
    public CompletionStage<Void> goTo(GeoPoint at, double altitudeM, double speedMs) {
        CommandRequest r = CommandRequest.intForm(autopilot(), MAV_CMD_DO_REPOSITION, MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
                (float) speedMs, 1, 0, Float.NaN, at.lat(), at.lon(), (float) altitudeM);
        return vehicle.endpoint().commands().send(r).thenAccept(result -> check("fly to " + at, result));
    }

    @Override
    public CompletionStage<Void> arrive(GeoPoint at, double withinM) {
        return until(() -> position().map(p -> p.distanceTo(at) <= withinM).orElse(false), null, null);
    }

    @Override
    public CompletionStage<Void> startCapture(double intervalS) {
        return command("start capture", MissionItems.IMAGE_START_CAPTURE, 0, (float) intervalS, 0);
    }

    @Override
    public CompletionStage<Void> stopCapture() {
        return command("stop capture", MissionItems.IMAGE_STOP_CAPTURE, 0);
    }

    private ComponentId autopilot() {
        return new ComponentId(vehicle.vehicle().systemId(), 1);
    }

    private void check(String what, CommandResult r) {
        if (!r.accepted()) {
            throw new Step.StepFailedException(name() + ": " + what + " " + r.outcome().name()
                    .toLowerCase(Locale.ROOT).replace('_', ' ') + (r.detail() == null || r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
        }
    }

    private CompletionStage<Void> command(String what, int command, float... params) {
        return vehicle.endpoint().commands().send(CommandRequest.longForm(autopilot(), command, params))
                .thenAccept(r -> check(what, r));
    }

    /**
     * Completes when {@code condition} holds, checked every 200 ms of station time; fails at
     * {@code giveUp} (null: never) with {@code why}. Cancelling the returned future stops the checks.
     * The checks run on the clock's timer thread; the future is completed off it, since the next
     * step of a job runs on whatever thread completes it.
     */
    private CompletableFuture<Void> until(BooleanSupplier condition, Instant giveUp,
                                          java.util.function.Supplier<String> why) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (condition.getAsBoolean()) {
            f.complete(null);
            return f;
        }
        StationClock.Timer[] timer = new StationClock.Timer[1];
        timer[0] = clock.scheduleAtFixedRate(POLL, POLL, () -> {
            if (f.isDone()) {
                timer[0].cancel();
            } else if (condition.getAsBoolean()) {
                clock.completions().execute(() -> f.complete(null));
            } else if (giveUp != null && !clock.now().isBefore(giveUp)) {
                Step.StepFailedException failed = new Step.StepFailedException(why.get());
                clock.completions().execute(() -> f.completeExceptionally(failed));
            }
        });
        f.whenComplete((ok, e) -> timer[0].cancel());
        return f;
    }
}

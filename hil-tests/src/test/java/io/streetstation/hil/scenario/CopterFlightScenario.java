package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MissionItemReached;
import io.dronefleet.mavlink.common.Statustext;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.mavlink.CommandOutcome;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.CommandResult;
import io.streetstation.bridge.mavlink.ComponentId;
import io.streetstation.bridge.mavlink.MissionItem;
import io.streetstation.bridge.mavlink.MissionResult;
import io.streetstation.hil.rig.SimCopter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The simulated copters fly as ArduPilot does, seen and commanded through the agent's own MAVLink
 * endpoints on real ptys: takeoff in its time, goto at cruise speed, missions with the home slot,
 * RTL and a precision landing onto the bay, failsafes, refusals with reasons.
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(20)   // arm → takeoff must fit in ArduPilot's 10 s disarm delay: 0.5 s of real time at ×20
class CopterFlightScenario {

    private static final int ARM = 400;
    private static final int SET_MODE = 176;
    private static final int TAKEOFF = 22;
    private static final int RTL = 20;
    private static final int REPOSITION = 192;
    private static final int MISSION_START = 300;
    private static final int GUIDED = 4;

    private static CommandResult command(VehicleMonitor v, CommandRequest r) throws Exception {
        return v.endpoint().commands().send(r).get(10, TimeUnit.SECONDS);
    }

    private static ComponentId id(VehicleMonitor v) {
        return new ComponentId(v.vehicle().systemId(), 1);
    }

    /** Drone of bay 1 online, roof open: ready to fly. */
    private static VehicleMonitor readyToFly(Station station) throws Exception {
        station.assumeVirtual();
        VehicleMonitor drone = station.agent().vehicles().get(0);
        FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
        station.await("drone and nest online", Duration.ofSeconds(10), () -> drone.health().status() == DeviceHealth.Status.ONLINE
                && nest.health().status() == DeviceHealth.Status.ONLINE);
        station.await("the roof known to the nest", Duration.ofSeconds(10), () -> station.agent().nest().orElseThrow().view()
                .roof() instanceof io.streetstation.agent.nest.RoofMachine.Closed);
        var open = station.agent().nest().orElseThrow().openRoof(p -> { }).toCompletableFuture();
        station.await("roof open", Duration.ofSeconds(25), open::isDone);
        assertThat(open.join()).isInstanceOf(io.streetstation.agent.nest.Nest.Done.class);
        assertThat(nest.latest(RoofState.class).map(RoofState::phase)).contains(RoofState.Phase.OPEN);
        return drone;
    }

    private static void takeOff(Station station, VehicleMonitor drone, float altitude) throws Exception {
        assertThat(command(drone, CommandRequest.longForm(id(drone), SET_MODE, 1, GUIDED)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(command(drone, CommandRequest.longForm(id(drone), ARM, 1)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(command(drone, CommandRequest.longForm(id(drone), TAKEOFF, 0, 0, 0, 0, 0, 0, altitude)).outcome())
                .isEqualTo(CommandOutcome.ACCEPTED);
    }

    @Test
    void takeoff_climbsTo30mInAbout10s_flysToAPoint_andRtlLandsBackOnTheBay(Station station) throws Exception {
        VehicleMonitor drone = readyToFly(station);
        FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
        SimCopter sim = station.rig().copter(1);

        takeOff(station, drone, 30);
        Duration climb = station.await("at 30 m", Duration.ofSeconds(20), () -> drone.telemetry().relativeAlt() >= 29.5);
        assertThat(climb).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(13).plus(station.realSlack()));
        station.await("bay 1 empty", Duration.ofSeconds(3), () -> nest.bay(1).map(b -> !b.presentA()).orElse(false));

        double lat = drone.telemetry().lat() + 300 / 111_320.0;   // 300 m north
        assertThat(command(drone, CommandRequest.intForm(id(drone), REPOSITION, 6, -1, 0, 0, 0, lat,
                drone.telemetry().lon(), 30)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        station.await("cruising at 12 m/s", Duration.ofSeconds(5), () -> drone.telemetry().groundSpeed() > 11.5);
        Duration out = station.await("300 m out", Duration.ofSeconds(40), () -> sim.distanceFromHome() > 299);
        assertThat(out).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30).plus(station.realSlack()));   // 300 m at 12 m/s

        assertThat(command(drone, CommandRequest.longForm(id(drone), RTL)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        station.await("RTL reported", Duration.ofSeconds(3), () -> "RTL".equals(drone.telemetry().mode()));
        station.await("landed and disarmed", Duration.ofSeconds(90), () -> sim.phase() == SimCopter.Phase.ON_GROUND
                && !drone.telemetry().armed());
        station.await("bay 1 sees the drone again", Duration.ofSeconds(3), () -> nest.bay(1).map(BayState::presentA).orElse(false));
        assertThat(sim.distanceFromHome()).isLessThan(0.5);
        assertThat(sim.batteryPercent()).isLessThan(station.agent().vehicles().get(0).telemetry().batteryPercent() + 1.5);
    }

    @Test
    void bayPowerOff_silencesTheDrone_andPowerOnBootsItIn8s(Station station) throws Exception {
        station.assumeVirtual();
        VehicleMonitor drone = station.agent().vehicles().get(3);
        var bus = station.agent().buses().get(0).endpoint();
        station.await("drone-4 online", Duration.ofSeconds(10), () -> drone.health().status() == DeviceHealth.Status.ONLINE);

        bus.send(StationAddress.NEST, new io.streetstation.bridge.frame.msg.BayCommand(4,
                io.streetstation.bridge.frame.msg.BayCommand.Action.DRONE_POWER_OFF)).get(5, TimeUnit.SECONDS);
        station.await("drone-4 silent", Duration.ofSeconds(6), () -> drone.health().status() == DeviceHealth.Status.SILENT);

        bus.send(StationAddress.NEST, new io.streetstation.bridge.frame.msg.BayCommand(4,
                io.streetstation.bridge.frame.msg.BayCommand.Action.DRONE_POWER_ON)).get(5, TimeUnit.SECONDS);
        Duration boot = station.await("drone-4 heartbeat after boot", Duration.ofSeconds(15),
                () -> drone.health().status() == DeviceHealth.Status.ONLINE);
        assertThat(boot).isBetween(Duration.ofSeconds(7), Duration.ofMillis(10_500).plus(station.realSlack()));   // 8 s boot + ≤ 1 s heartbeat period
    }

    @Test
    void aPreflightAfterAPowerCycle_readsTheBatteryTheDroneReportsNow_notTheOneCachedBeforeIt(Station station) throws Exception {
        station.assumeVirtual();
        VehicleMonitor drone = station.agent().vehicles().get(3);
        SimCopter sim = station.rig().copter(4);
        var bus = station.agent().buses().get(0).endpoint();
        station.await("drone-4 online", Duration.ofSeconds(10), () -> drone.health().status() == DeviceHealth.Status.ONLINE);
        sim.batterySag(sim.batteryPercent() - 30);   // it came back low ...
        station.await("drone-4 reports 30 %", Duration.ofSeconds(5), () -> drone.telemetry().batteryPercent() < 31);
        bus.send(StationAddress.NEST, new io.streetstation.bridge.frame.msg.BayCommand(4,
                io.streetstation.bridge.frame.msg.BayCommand.Action.DRONE_POWER_OFF)).get(5, TimeUnit.SECONDS);
        station.await("drone-4 silent", Duration.ofSeconds(6), () -> drone.health().status() == DeviceHealth.Status.SILENT);
        sim.charged(96);                               // ... and was charged while powered off

        io.streetstation.agent.device.MavlinkDrone port = new io.streetstation.agent.device.MavlinkDrone(drone, station.clock());
        bus.send(StationAddress.NEST, new io.streetstation.bridge.frame.msg.BayCommand(4,
                io.streetstation.bridge.frame.msg.BayCommand.Action.DRONE_POWER_ON)).get(5, TimeUnit.SECONDS);
        port.awaitHeartbeat(Duration.ofSeconds(15)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // right after the heartbeat the telemetry may still hold the 30 % from before the power cycle (the first
        // SYS_STATUS comes up to half a second later): the pre-flight waits for a report heard since
        port.preflight(50).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(drone.telemetry().batteryPercent()).isGreaterThan(95);
    }

    @Test
    void camera_informationAndIntervalCapture_withPositions_andALostCaptureFetchedAgainByIndex(Station station)
            throws Exception {
        VehicleMonitor drone = readyToFly(station);
        List<io.dronefleet.mavlink.common.CameraImageCaptured> images = new CopyOnWriteArrayList<>();
        List<io.dronefleet.mavlink.common.CameraInformation> info = new CopyOnWriteArrayList<>();
        drone.endpoint().subscribe(io.dronefleet.mavlink.common.CameraImageCaptured.class, m -> images.add(m.payload()));
        drone.endpoint().subscribe(io.dronefleet.mavlink.common.CameraInformation.class, m -> info.add(m.payload()));

        assertThat(command(drone, CommandRequest.longForm(id(drone), 512, 259)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        station.await("CAMERA_INFORMATION", Duration.ofSeconds(3), () -> !info.isEmpty());
        assertThat(info.get(0).flags().flagsEnabled(io.dronefleet.mavlink.common.CameraCapFlags.CAMERA_CAP_FLAGS_CAPTURE_IMAGE)).isTrue();

        takeOff(station, drone, 30);
        station.await("flying", Duration.ofSeconds(15), () -> station.rig().copter(1).phase() == SimCopter.Phase.FLYING);
        // IMAGE_START_CAPTURE: every 2 s, 3 images
        assertThat(command(drone, CommandRequest.longForm(id(drone), 2000, 0, 2, 3)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        station.await("3 images", Duration.ofSeconds(10), () -> images.size() >= 3);

        assertThat(images).extracting(io.dronefleet.mavlink.common.CameraImageCaptured::imageIndex).startsWith(0, 1, 2);
        assertThat(images).allSatisfy(i -> {
            assertThat(i.captureResult()).isEqualTo(1);
            assertThat(i.relativeAlt()).isGreaterThan(29_000);
            assertThat(i.lat()).isNotZero();
        });
        int afterStop = station.rig().copter(1).imagesCaptured();
        assertThat(afterStop).isEqualTo(3);   // the count ends the capture by itself

        // central missed image 1: ask for it again by index
        images.clear();
        assertThat(command(drone, CommandRequest.longForm(id(drone), 512, 263, 1)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        station.await("image 1 again", Duration.ofSeconds(3), () -> images.stream().anyMatch(i -> i.imageIndex() == 1));
        assertThat(command(drone, CommandRequest.longForm(id(drone), 512, 263, 7)).outcome()).isEqualTo(CommandOutcome.DENIED);
    }

    @Test
    void takeoffUnderAClosedRoof_crashes_andSaysSo(Station station) throws Exception {
        station.assumeVirtual();
        VehicleMonitor drone = station.agent().vehicles().get(1);
        List<String> texts = new CopyOnWriteArrayList<>();
        drone.endpoint().subscribe(Statustext.class, m -> texts.add(m.payload().text()));
        station.await("drone-2 online", Duration.ofSeconds(10), () -> drone.health().status() == DeviceHealth.Status.ONLINE);

        takeOff(station, drone, 30);

        station.await("crash reported", Duration.ofSeconds(5), () -> texts.stream().anyMatch(t -> t.contains("struck the nest roof")));
        station.await("emergency state", Duration.ofSeconds(3), () -> "EMERGENCY".equals(drone.telemetry().systemStatus()));
        assertThat(station.rig().copter(2).phase()).isEqualTo(SimCopter.Phase.CRASHED);
    }

    @Test
    void missionUpload_withTheArduPilotHomeSlot_isFlownWaypointByWaypoint_thenReturnsHome(Station station) throws Exception {
        VehicleMonitor drone = readyToFly(station);
        SimCopter sim = station.rig().copter(1);
        List<Integer> reached = new CopyOnWriteArrayList<>();
        drone.endpoint().subscribe(MissionItemReached.class, m -> reached.add(m.payload().seq()));
        int lat = (int) Math.round(drone.telemetry().lat() * 1e7);
        int lon = (int) Math.round(drone.telemetry().lon() * 1e7);
        List<MissionItem> route = List.of(
                MissionItem.waypoint(lat + 9_000, lon, 30),          // ~100 m north
                MissionItem.waypoint(lat + 9_000, lon + 11_000, 30),  // then ~100 m east
                new MissionItem(6, 20, 0, 1, 0, 0, 0, 0, 0, 0, 0));   // NAV_RETURN_TO_LAUNCH

        MissionResult upload = drone.endpoint().missions().upload(id(drone), route).get(10, TimeUnit.SECONDS);
        assertThat(upload.ok()).as(upload.detail()).isTrue();
        assertThat(upload.homeSlot()).isTrue();

        takeOff(station, drone, 30);
        station.await("at 30 m", Duration.ofSeconds(20), () -> drone.telemetry().relativeAlt() >= 29.5);
        assertThat(command(drone, CommandRequest.longForm(id(drone), MISSION_START)).outcome()).isEqualTo(CommandOutcome.ACCEPTED);

        station.await("waypoints 1 and 2 reached", Duration.ofSeconds(60), () -> reached.containsAll(List.of(1, 2)));
        station.await("back on its bay", Duration.ofSeconds(90), () -> sim.phase() == SimCopter.Phase.ON_GROUND);
        assertThat(reached).containsSubsequence(1, 2, 3);
        assertThat(sim.distanceFromHome()).isLessThan(0.5);
    }

    @Test
    void groundStationLost_inFlight_triggersRtl(Station station) throws Exception {
        VehicleMonitor drone = readyToFly(station);
        SimCopter sim = station.rig().copter(1);
        takeOff(station, drone, 20);
        station.await("flying", Duration.ofSeconds(15), () -> sim.phase() == SimCopter.Phase.FLYING);

        station.faults().unplug("drone-1");          // radio link gone: the copter stops hearing our heartbeat
        station.await("GCS failsafe: RTL", Duration.ofSeconds(10), () -> sim.mode() == 6);
        station.faults().replug("drone-1");
        station.await("the agent sees RTL", Duration.ofSeconds(15), () -> "RTL".equals(drone.telemetry().mode()));
        station.await("home", Duration.ofSeconds(60), () -> sim.phase() == SimCopter.Phase.ON_GROUND);
    }

    @Test
    void gpsLost_inFlight_landsWhereItIs_andTheMissedBayShowsEmpty(Station station) throws Exception {
        VehicleMonitor drone = readyToFly(station);
        FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
        SimCopter sim = station.rig().copter(1);
        takeOff(station, drone, 20);
        station.await("flying", Duration.ofSeconds(15), () -> sim.phase() == SimCopter.Phase.FLYING);
        double lat = drone.telemetry().lat() + 100 / 111_320.0;
        command(drone, CommandRequest.intForm(id(drone), REPOSITION, 6, -1, 0, 0, 0, lat, drone.telemetry().lon(), 20));
        station.await("50 m out", Duration.ofSeconds(15), () -> sim.distanceFromHome() > 50);

        station.faults().gpsLoss(1, true);
        station.await("GPS lost reported", Duration.ofSeconds(3), () -> "NO_FIX".equals(drone.telemetry().gpsFix()));
        station.await("EKF failsafe: LAND", Duration.ofSeconds(3), () -> "LAND".equals(drone.telemetry().mode()));
        station.await("landed away from the nest", Duration.ofSeconds(40), () -> sim.phase() == SimCopter.Phase.ON_GROUND);
        assertThat(sim.distanceFromHome()).isGreaterThan(50);
        assertThat(nest.bay(1).orElseThrow().presentA()).isFalse();
    }

    @Test
    void batteryBelowReserve_inFlight_triggersRtl_andArmingBelowMinimumIsRefusedWithAReason(Station station) throws Exception {
        VehicleMonitor drone = readyToFly(station);
        SimCopter sim = station.rig().copter(1);
        List<String> texts = new CopyOnWriteArrayList<>();
        drone.endpoint().subscribe(Statustext.class, m -> texts.add(m.payload().text()));
        takeOff(station, drone, 20);
        station.await("flying", Duration.ofSeconds(15), () -> sim.phase() == SimCopter.Phase.FLYING);

        station.faults().batterySag(1, sim.batteryPercent() - 22);   // a weak cell under load: 22 %
        station.await("battery failsafe", Duration.ofSeconds(3), () -> texts.stream().anyMatch(t -> t.contains("Battery Failsafe")));
        station.await("RTL", Duration.ofSeconds(3), () -> "RTL".equals(drone.telemetry().mode()));
        station.await("landed", Duration.ofSeconds(60), () -> sim.phase() == SimCopter.Phase.ON_GROUND);

        station.faults().batterySag(1, sim.batteryPercent() - 10);
        CommandResult arm = command(drone, CommandRequest.longForm(id(drone), ARM, 1));
        assertThat(arm.outcome()).isEqualTo(CommandOutcome.FAILED);
        station.await("reason", Duration.ofSeconds(3), () -> texts.stream().anyMatch(t -> t.contains("PreArm: Battery")));
    }
}

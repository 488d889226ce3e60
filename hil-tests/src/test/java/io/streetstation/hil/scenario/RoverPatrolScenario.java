package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MissionItemReached;
import io.dronefleet.mavlink.common.Statustext;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.bridge.mavlink.CommandOutcome;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.ComponentId;
import io.streetstation.bridge.mavlink.MissionItem;
import io.streetstation.bridge.mavlink.MissionResult;
import io.streetstation.hil.rig.SimRover;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The patrol robot drives a waypoint route, stops for an obstacle, and returns to its dock. */
@ExtendWith(StationExtension.class)
@MaxSpeed(20)   // the rover's 5 s GCS-loss failsafe is 83 ms of real time at ×60: a JVM pause would trip it
class RoverPatrolScenario {

    @Test
    void waypointRoute_isDriven_anObstaclePausesIt_andItReturnsToItsDock(Station station) throws Exception {
        station.assumeVirtual();
        VehicleMonitor rover = station.agent().vehicles().get(4);
        SimRover sim = station.rig().rover();
        ComponentId id = new ComponentId(rover.vehicle().systemId(), 1);
        List<Integer> reached = new CopyOnWriteArrayList<>();
        List<String> texts = new CopyOnWriteArrayList<>();
        rover.endpoint().subscribe(MissionItemReached.class, m -> reached.add(m.payload().seq()));
        rover.endpoint().subscribe(Statustext.class, m -> texts.add(m.payload().text()));
        station.await("rover online", Duration.ofSeconds(10), () -> rover.health().status() == DeviceHealth.Status.ONLINE);
        station.await("rover reports HOLD", Duration.ofSeconds(3), () -> "HOLD".equals(rover.telemetry().mode()));

        int lat = (int) Math.round(rover.telemetry().lat() * 1e7);
        int lon = (int) Math.round(rover.telemetry().lon() * 1e7);
        List<MissionItem> route = List.of(MissionItem.waypoint(lat + 2_700, lon, 0),   // 30 m north (1e-7 degrees)
                MissionItem.waypoint(lat + 2_700, lon + 3_350, 0),                    // then 30 m east
                new MissionItem(6, 20, 0, 1, 0, 0, 0, 0, 0, 0, 0));                   // back to the dock
        MissionResult upload = rover.endpoint().missions().upload(id, route).get(10, TimeUnit.SECONDS);
        assertThat(upload.ok()).as(upload.detail()).isTrue();

        assertThat(rover.endpoint().commands().send(CommandRequest.longForm(id, 400, 1)).get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(rover.endpoint().commands().send(CommandRequest.longForm(id, 300)).get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(CommandOutcome.ACCEPTED);
        station.await("AUTO reported", Duration.ofSeconds(3), () -> "AUTO".equals(rover.telemetry().mode()));
        station.await("driving at patrol pace", Duration.ofSeconds(5), () -> rover.telemetry().groundSpeed() > 1.4);

        station.faults().roverObstacle(true);
        station.await("stopped for the obstacle", Duration.ofSeconds(3), () -> rover.telemetry().groundSpeed() == 0.0);
        double where = sim.distanceFromHome();
        station.await("obstacle reported", Duration.ofSeconds(3), () -> texts.stream().anyMatch(t -> t.contains("obstacle")));
        assertThat(sim.distanceFromHome()).isEqualTo(where);
        station.faults().roverObstacle(false);

        station.await("both waypoints", Duration.ofSeconds(90), () -> reached.containsAll(List.of(1, 2)));
        Duration home = station.await("back at the dock in HOLD", Duration.ofSeconds(90),
                () -> sim.mode() == 4 && sim.distanceFromHome() < 0.5);
        assertThat(reached).containsSubsequence(1, 2, 3);
        assertThat(home).as("the 42 m leg home at 1.5 m/s").isGreaterThan(Duration.ofSeconds(20));
    }

    @Test
    void groundStationLost_inAuto_drivesHome(Station station) throws Exception {
        station.assumeVirtual();
        VehicleMonitor rover = station.agent().vehicles().get(4);
        SimRover sim = station.rig().rover();
        ComponentId id = new ComponentId(rover.vehicle().systemId(), 1);
        station.await("rover online", Duration.ofSeconds(10), () -> rover.health().status() == DeviceHealth.Status.ONLINE);
        int lat = (int) Math.round(rover.telemetry().lat() * 1e7);
        int lon = (int) Math.round(rover.telemetry().lon() * 1e7);
        MissionResult upload = rover.endpoint().missions()
                .upload(id, List.of(MissionItem.waypoint(lat + 9_000, lon, 0)))      // 100 m north
                .get(10, TimeUnit.SECONDS);
        assertThat(upload.ok()).as(upload.detail()).isTrue();
        assertThat(rover.endpoint().commands().send(CommandRequest.longForm(id, 400, 1)).get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(rover.endpoint().commands().send(CommandRequest.longForm(id, 300)).get(5, TimeUnit.SECONDS).outcome())
                .isEqualTo(CommandOutcome.ACCEPTED);
        station.await("10 m out", Duration.ofSeconds(30), () -> sim.distanceFromHome() > 10);

        station.faults().unplug("rover");           // radio gone: the rover stops hearing our heartbeat
        station.await("GCS failsafe: RTL", Duration.ofSeconds(10), () -> sim.mode() == 11);
        station.faults().replug("rover");
        station.await("the agent sees RTL", Duration.ofSeconds(15), () -> "RTL".equals(rover.telemetry().mode()));
        station.await("back at the dock", Duration.ofSeconds(90), () -> sim.distanceFromHome() < 0.5 && sim.mode() == 4);
        assertThat(sim.armed()).as("ArduPilot Rover holds at home still armed; disarming is the GCS's call").isTrue();
    }
}

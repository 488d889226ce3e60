package io.streetstation.hil.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.StationConfigLoader;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.FrameRefusedException;
import io.streetstation.bridge.frame.msg.RoofCommand;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.frame.msg.Weather;
import java.util.concurrent.ExecutionException;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.runtime.StationRuntime;
import io.streetstation.bridge.mavlink.CommandOutcome;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.CommandResult;
import io.streetstation.bridge.mavlink.ComponentId;
import io.streetstation.bridge.mavlink.MavlinkStatistics;
import io.streetstation.bridge.time.SystemStationClock;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped station configuration, unchanged but for the rig's re-rooting, against the virtual
 * rig: the production runtime opens every vehicle through jssc on a real pseudo-terminal.
 */
class VirtualStationSmokeTest {

    private static final Path EXAMPLE = Path.of("..", "config", "station.example.yaml");
    /** station seconds per real second */
    private static final double SPEED = 10;

    @TempDir
    Path dir;

    private SystemStationClock clock;
    private VirtualRig rig;
    private StationRuntime agent;

    @BeforeEach
    void start() {
        clock = new SystemStationClock(SPEED);
        StationConfig station = StationConfigLoader.load(EXAMPLE, StationConfig.DEFAULT_DEVICES_ROOT);
        rig = VirtualRig.start(station, clock, dir.resolve("dev"), RigOptions.defaults());
        agent = StationRuntime.start(rig.configure(station), clock);
    }

    @AfterEach
    void stop() {
        agent.close();
        rig.close();
        clock.close();
    }

    /** Polls in station time; fails with {@code what} after {@code stationSeconds}. */
    private void await(String what, double stationSeconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (stationSeconds / SPEED * 1e9);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + stationSeconds + " station seconds: " + what + "; health: " + agent.health());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void everyVehicle_isOnlineWithTelemetry_within10StationSeconds() throws Exception {
        await("all vehicles online with battery and position", 10, () -> agent.vehicles().stream().allMatch(v ->
                v.health().status() == DeviceHealth.Status.ONLINE
                        && !Double.isNaN(v.telemetry().batteryPercent()) && !Double.isNaN(v.telemetry().lat())));

        assertThat(agent.vehicles()).extracting(VehicleMonitor::name)
                .containsExactly("drone-1", "drone-2", "drone-3", "drone-4", "rover");
        VehicleMonitor drone1 = agent.vehicles().get(0);
        assertThat(drone1.telemetry().mode()).isEqualTo("STABILIZE");
        assertThat(drone1.telemetry().gpsFix()).isEqualTo("3D_FIX");
        assertThat(drone1.telemetry().lat()).isBetween(36.80, 36.83);
        assertThat(agent.vehicles().get(4).telemetry().mode()).isEqualTo("HOLD");
        for (VehicleMonitor v : agent.vehicles()) {
            MavlinkStatistics s = v.endpoint().statistics();
            assertThat(s.signingRejects()).as(v.name() + " signing rejects").isZero();
            assertThat(s.signedUnverified()).as(v.name() + " frames accepted unverified").isZero();
            assertThat(s.crcErrors()).as(v.name() + " CRC errors").isZero();
            assertThat(s.filtered()).as(v.name() + " ATTITUDE stops after the CRC").isPositive();
        }
    }

    @Test
    void everyBusDevice_isOnline_andReportsItsState() throws Exception {
        await("nest, rack and cameras online", 10, () -> agent.frameDevices().stream()
                .allMatch(d -> d.health().status() == DeviceHealth.Status.ONLINE));
        assertThat(agent.frameDevices()).extracting(FrameDeviceMonitor::name)
                .containsExactly("nest", "rack", "camera-1", "camera-2");
        FrameDeviceMonitor nest = agent.frameDevices().get(0);
        await("nest states", 5, () -> nest.latest(RoofState.class).isPresent() && nest.bay(4).isPresent()
                && nest.latest(Weather.class).isPresent());
        assertThat(nest.latest(RoofState.class).orElseThrow().phase()).isEqualTo(RoofState.Phase.CLOSED);
        assertThat(nest.bay(1).orElseThrow().presentA()).isTrue();
        assertThat(nest.health().detail()).contains("firmware 2.3.1");
        FrameDeviceMonitor camera = agent.frameDevices().get(2);
        await("a capture with its image verified", 45, () -> camera.capturesVerified() > 0);
        assertThat(camera.capturesFailed()).isZero();
    }

    @Test
    void roofOpen_overTheFrameBus_isAcked_andTheRoofOpensInItsTravelTime() throws Exception {
        FrameDeviceMonitor nest = agent.frameDevices().get(0);
        FrameEndpoint bus = agent.buses().get(0).endpoint();
        await("nest session", 10, () -> nest.health().status() == DeviceHealth.Status.ONLINE);

        bus.send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.OPEN)).get(5, TimeUnit.SECONDS);
        await("roof opening", 3, () -> nest.latest(RoofState.class).map(r -> r.phase() == RoofState.Phase.OPENING).orElse(false));
        await("roof open after ~18 s", 25, () -> nest.latest(RoofState.class).map(r -> r.phase() == RoofState.Phase.OPEN).orElse(false));
        assertThat(rig.nest().roofPosition()).isEqualTo(100.0);
    }

    @Test
    void roofCommand_whileEStopLatched_isRefusedWithTheReason_andNothingMoves() throws Exception {
        FrameDeviceMonitor nest = agent.frameDevices().get(0);
        FrameEndpoint bus = agent.buses().get(0).endpoint();
        await("nest session", 10, () -> nest.health().status() == DeviceHealth.Status.ONLINE);
        rig.nest().estop(true);

        assertThatThrownBy(() -> bus.send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.OPEN)).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FrameRefusedException.class).hasMessageContaining("E-stop latched");
        assertThat(rig.nest().roofPhase()).isEqualTo(io.streetstation.hil.rig.model.RoofModel.State.CLOSED);
    }

    @Test
    void armCommand_reachesTheSimulatedDrone_andShowsInItsHeartbeat() throws Exception {
        VehicleMonitor drone2 = agent.vehicles().get(1);
        await("drone-2 online", 10, () -> drone2.health().status() == DeviceHealth.Status.ONLINE);

        CommandResult r = drone2.endpoint().commands()
                .send(CommandRequest.longForm(new ComponentId(12, 1), 400, 1, 0, 0, 0, 0, 0, 0))
                .get(5, TimeUnit.SECONDS);

        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        await("armed in heartbeat", 3, () -> drone2.telemetry().armed());
        assertThat(rig.vehicles().get(1).armed()).isTrue();
        assertThat(rig.vehicles().get(0).armed()).isFalse();
    }

    @Test
    void unpluggedRadio_takesTheDroneOffline_andItComesBack() throws Exception {
        VehicleMonitor drone3 = agent.vehicles().get(2);
        await("drone-3 online", 10, () -> drone3.health().status() == DeviceHealth.Status.ONLINE);

        rig.cables().get("drone-3").unplug();
        await("drone-3 offline", 5, () -> drone3.health().status() == DeviceHealth.Status.OFFLINE);
        assertThat(drone3.health().detail()).contains("drone-3");

        rig.cables().get("drone-3").replug();
        await("drone-3 online again", 30, () -> drone3.health().status() == DeviceHealth.Status.ONLINE);
    }
}

package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.frame.msg.Weather;
import io.streetstation.bridge.mavlink.CommandOutcome;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.CommandResult;
import io.streetstation.bridge.mavlink.ComponentId;
import io.streetstation.bridge.mavlink.MavlinkStatistics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole station comes up and answers: every device seen and healthy within 10 s of station
 * time, state reported, commands acknowledged — on whatever rig {@code -Drig} names.
 */
@ExtendWith(StationExtension.class)
class StationSmokeScenario {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void everyDevice_isSeenAndHealthy_within10StationSeconds(Station station) {
        station.await("every device online", TEN_SECONDS, () -> station.agent().health().stream()
                .allMatch(h -> h.status() == DeviceHealth.Status.ONLINE));

        assertThat(station.agent().health()).extracting(DeviceHealth::device).containsExactly(
                "nest", "rack", "camera-1", "camera-2", "drone-1", "drone-2", "drone-3", "drone-4", "rover");
        for (VehicleMonitor v : station.agent().vehicles()) {
            MavlinkStatistics s = v.endpoint().statistics();
            assertThat(s.signingRejects()).as(v.name() + " signing rejects").isZero();
            assertThat(s.signedUnverified()).as(v.name() + " frames accepted unverified").isZero();
            assertThat(s.crcErrors()).as(v.name() + " CRC errors").isZero();
        }
    }

    @Test
    void nestAndVehicles_reportTheirState(Station station) {
        FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
        VehicleMonitor drone1 = station.agent().vehicles().get(0);
        station.await("nest states and drone telemetry", TEN_SECONDS, () -> nest.latest(RoofState.class).isPresent()
                && nest.bay(4).isPresent() && nest.latest(Weather.class).isPresent()
                && !Double.isNaN(drone1.telemetry().batteryPercent()) && !Double.isNaN(drone1.telemetry().lat()));

        assertThat(nest.latest(RoofState.class).orElseThrow().phase()).isEqualTo(RoofState.Phase.CLOSED);
        assertThat(nest.bay(1).orElseThrow().presentA()).isTrue();
        assertThat(drone1.telemetry().mode()).isEqualTo("STABILIZE");
        assertThat(drone1.telemetry().gpsFix()).isEqualTo("3D_FIX");
        // the drone's own battery and its bay's view of it agree
        assertThat((double) nest.bay(1).orElseThrow().batteryPercent()).isCloseTo(drone1.telemetry().batteryPercent(),
                org.assertj.core.data.Offset.offset(1.5));
    }

    @Test
    void cameraCapture_arrivesWithItsImageVerified(Station station) {
        FrameDeviceMonitor camera = station.agent().frameDevices().get(2);
        station.await("a capture with its image verified", Duration.ofSeconds(45), () -> camera.capturesVerified() > 0);
        assertThat(camera.capturesFailed()).isZero();
    }

    @Test
    void roofOpen_throughTheNest_opensInItsTravelTime(Station station) throws Exception {
        FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
        Nest agentNest = station.agent().nest().orElseThrow();
        station.await("nest session", TEN_SECONDS, () -> nest.health().status() == DeviceHealth.Status.ONLINE);
        station.await("the roof known to the nest", TEN_SECONDS, () -> agentNest.view().roof() instanceof RoofMachine.Closed);

        var open = agentNest.openRoof(p -> { }).toCompletableFuture();
        station.await("roof opening", Duration.ofSeconds(3), () -> phase(nest) == RoofState.Phase.OPENING);
        Duration took = station.await("roof open", Duration.ofSeconds(25), open::isDone);

        assertThat(open.join()).isEqualTo(new Nest.Done(new RoofMachine.Open()));
        assertThat(phase(nest)).isEqualTo(RoofState.Phase.OPEN);
        assertThat(took).isBetween(Duration.ofSeconds(14), Duration.ofSeconds(22).plus(station.realSlack()));   // 18 s travel, reported at 1-4 Hz
    }

    @Test
    void armCommand_reachesTheDrone_andShowsInItsHeartbeat(Station station) throws Exception {
        VehicleMonitor drone2 = station.agent().vehicles().get(1);
        station.await("drone-2 online", TEN_SECONDS, () -> drone2.health().status() == DeviceHealth.Status.ONLINE);

        CommandResult r = drone2.endpoint().commands()
                .send(CommandRequest.longForm(new ComponentId(12, 1), 400, 1, 0, 0, 0, 0, 0, 0))
                .get(5, TimeUnit.SECONDS);

        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        station.await("armed in heartbeat", Duration.ofSeconds(3), () -> drone2.telemetry().armed());
    }

    static RoofState.Phase phase(FrameDeviceMonitor nest) {
        return nest.latest(RoofState.class).map(RoofState::phase).orElse(null);
    }
}

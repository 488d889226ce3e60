package io.streetstation.bridge.mavlink;

import static io.streetstation.bridge.mavlink.MavFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.streetstation.bridge.link.MemoryLink;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Two of our endpoints face to face: a ground station and a simulated vehicle announcing itself. */
class MavVehicleRoleTest {

    @Test
    void vehicleRoleEndpoint_announcesItsOwnHeartbeat_readEachPeriod() throws Exception {
        MemoryLink[] cable = MemoryLink.pair("station", "drone");
        ManualClock clock = new ManualClock();
        AtomicLong mode = new AtomicLong(0);   // STABILIZE, then GUIDED
        try (MavlinkEndpoint gcs = MavlinkEndpoint.start(cable[0], clock, MavlinkConfig.defaults());
             MavlinkEndpoint drone = MavlinkEndpoint.start(cable[1], clock, MavlinkConfig.defaults().withIds(11, 1),
                     () -> Heartbeat.builder().type(MavType.MAV_TYPE_QUADROTOR)
                             .autopilot(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA)
                             .baseMode(MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED).customMode(mode.get())
                             .systemStatus(MavState.MAV_STATE_STANDBY).mavlinkVersion(3).build())) {
            ComponentId vehicle = new ComponentId(11, 1);
            clock.advance(Duration.ZERO);   // the first heartbeats are due at once

            await("vehicle seen", () -> gcs.peers().state(vehicle) == PeerState.CONNECTED);
            assertThat(gcs.peers().get(vehicle).orElseThrow().isArduPilot()).isTrue();
            assertThat(gcs.peers().get(vehicle).orElseThrow().heartbeat().customMode()).isZero();
            // the vehicle sees the ground station too, as a non-autopilot
            await("gcs seen", () -> drone.peers().state(new ComponentId(255, 190)) == PeerState.CONNECTED);
            assertThat(drone.peers().get(new ComponentId(255, 190)).orElseThrow().isAutopilot()).isFalse();

            mode.set(4);
            clock.advance(Duration.ofSeconds(1));
            await("mode change announced", () -> gcs.peers().get(vehicle).orElseThrow().heartbeat().customMode() == 4);
        }
    }
}

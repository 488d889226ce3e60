package io.streetstation.bridge.mavlink;

import static io.streetstation.bridge.mavlink.EndpointHarness.VEHICLE;
import static io.streetstation.bridge.mavlink.MavFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dronefleet.mavlink.Mavlink2Message;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CameraImageCaptured;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Heartbeats, peer tracking, subscriptions, bad input and signing, through the public facade. */
class MavEndpointTest {

    @Test
    void ourHeartbeat_goesOutOncePerSecond_asAGroundStation() throws Exception {
        try (EndpointHarness h = new EndpointHarness()) {
            h.advance(Duration.ZERO);
            await("first heartbeat", () -> h.vehicle.received(Heartbeat.class).size() == 1);
            h.advance(Duration.ofMillis(999));
            h.advance(Duration.ofMillis(1));
            await("second heartbeat", () -> h.vehicle.received(Heartbeat.class).size() == 2);
            MavlinkMessage<?> m = h.vehicle.received.get(0);
            Heartbeat hb = (Heartbeat) m.getPayload();
            assertThat(hb.type().value()).isEqualTo(6);          // MAV_TYPE_GCS
            assertThat(hb.autopilot().value()).isEqualTo(8);     // MAV_AUTOPILOT_INVALID
            assertThat(m.getOriginSystemId()).isEqualTo(255);
            assertThat(m.getOriginComponentId()).isEqualTo(190);
            assertThat(m).isInstanceOf(Mavlink2Message.class);
        }
    }

    @Test
    void peer_connectsOnHeartbeat_isLostAfter3sOfSilence_andFoundAgain() throws Exception {
        try (EndpointHarness h = new EndpointHarness()) {
            List<PeerChange> changes = new CopyOnWriteArrayList<>();
            h.endpoint.peers().addListener(changes::add);
            assertThat(h.endpoint.peers().state(VEHICLE)).isEqualTo(PeerState.UNKNOWN);

            h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA);
            await("connected", () -> changes.size() == 1);
            PeerChange first = changes.get(0);
            assertThat(first.from()).isEqualTo(PeerState.UNKNOWN);
            assertThat(first.to()).isEqualTo(PeerState.CONNECTED);
            assertThat(first.peer().isAutopilot()).isTrue();
            assertThat(first.peer().isArduPilot()).isTrue();
            assertThat(first.peer().heartbeat().customMode()).isEqualTo(4);

            h.advance(Duration.ofMillis(2999));
            assertThat(h.endpoint.peers().state(VEHICLE)).isEqualTo(PeerState.CONNECTED);
            h.advance(Duration.ofMillis(1));
            await("lost", () -> changes.size() == 2);
            assertThat(changes.get(1).to()).isEqualTo(PeerState.LOST);

            h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA);
            await("found again", () -> changes.size() == 3);
            assertThat(changes.get(2).from()).isEqualTo(PeerState.LOST);
            assertThat(changes.get(2).to()).isEqualTo(PeerState.CONNECTED);
        }
    }

    @Test
    void heartbeatsKeepAPeerConnected() throws Exception {
        try (EndpointHarness h = new EndpointHarness()) {
            List<PeerChange> changes = new CopyOnWriteArrayList<>();
            h.endpoint.peers().addListener(changes::add);
            for (int i = 0; i < 5; i++) {
                int n = i + 1;
                h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_GENERIC);
                java.time.Instant now = h.clock.now();
                await("heartbeat " + n + " processed", () -> h.endpoint.peers().get(VEHICLE)
                        .map(p -> p.lastSeen().equals(now)).orElse(false));
                h.advance(Duration.ofSeconds(2));
            }
            assertThat(changes).hasSize(1);
        }
    }

    @Test
    void subscribers_getTheirTypeOnTheDispatchThread_andUnsubscribedTypesAreNotDecoded() throws Exception {
        try (EndpointHarness h = new EndpointHarness()) {
            List<String> threads = new CopyOnWriteArrayList<>();
            List<GlobalPositionInt> got = new CopyOnWriteArrayList<>();
            h.endpoint.subscribe(GlobalPositionInt.class, m -> {
                threads.add(Thread.currentThread().getName());
                got.add(m.payload());
            });
            h.vehicle.send(MavFixtures.position(1));
            h.vehicle.send(MavFixtures.attitude(1));
            await("position", () -> got.size() == 1);
            await("attitude counted", () -> h.endpoint.statistics().filtered() == 1);
            assertThat(threads).containsOnly("mavlink-station");
        }
    }

    @Test
    void garbageOnTheLink_neverStopsTheReader_andNeverBecomesACommand() throws Exception {
        try (EndpointHarness h = new EndpointHarness()) {
            List<CommandLong> commands = new CopyOnWriteArrayList<>();
            h.endpoint.subscribe(CommandLong.class, m -> commands.add(m.payload()));
            byte[] garbage = new byte[100_000];
            new Random(1).nextBytes(garbage);
            byte[] arm = MavFixtures.encoder().v2(MavGoldenFramesTest.arm(), 0, 1, 1, null);
            h.vehicle.raw(garbage);
            h.vehicle.raw(java.util.Arrays.copyOf(arm, 20));  // half a command
            h.vehicle.raw(garbage);
            h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA);
            await("still alive", () -> h.endpoint.peers().state(VEHICLE) == PeerState.CONNECTED);
            MavlinkStatistics s = h.endpoint.statistics();
            assertThat(s.rejectedCandidates()).isPositive();
            assertThat(s.noiseBytes() + s.rejectedCandidates() + s.frameBytes() + s.pendingBytes()).isEqualTo(s.bytesIn());
            assertThat(commands).isEmpty();
            assertThat(h.pair[0].counters().snapshot().frameErrors()).isPositive();
        }
    }

    @Test
    void mavlink1_isRefusedForIdsAbove255() throws Exception {
        try (EndpointHarness h = new EndpointHarness()) {
            CameraImageCaptured img = CameraImageCaptured.builder().imageIndex(1).fileUrl("a.jpg").build();
            assertThatThrownBy(() -> h.endpoint.sendV1(img)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("263");
            h.endpoint.send(img);
            await("sent as v2", () -> h.vehicle.received(CameraImageCaptured.class).size() == 1);
        }
    }

    @Test
    void signedLink_signsWhatWeSend_soThatDronefleetVerifiesIt_andRejectsUnsignedHeartbeats() throws Exception {
        SigningConfig signing = new SigningConfig(MavGoldenFramesTest.KEY, 7);
        try (EndpointHarness h = new EndpointHarness(MavlinkConfig.defaults().withSigning(signing))) {
            h.advance(Duration.ZERO);
            await("heartbeat", () -> h.vehicle.received(Heartbeat.class).size() == 1);
            Mavlink2Message<?> m = (Mavlink2Message<?>) h.vehicle.received.get(0);
            assertThat(m.isSigned()).isTrue();
            assertThat(m.getSignatureLinkId()).isEqualTo(7);
            assertThat(m.validateSignature(MavGoldenFramesTest.KEY)).isTrue();

            h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA);   // unsigned
            await("rejected", () -> h.endpoint.statistics().unsignedRejected() == 1);
            assertThat(h.endpoint.peers().state(VEHICLE)).isEqualTo(PeerState.UNKNOWN);
        }
    }
}

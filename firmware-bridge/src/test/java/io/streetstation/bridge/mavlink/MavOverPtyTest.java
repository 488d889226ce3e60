package io.streetstation.bridge.mavlink;

import static io.streetstation.bridge.mavlink.MavFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.link.ChunkFault;
import io.streetstation.bridge.link.SerialConfig;
import io.streetstation.bridge.link.SerialLink;
import io.streetstation.bridge.link.VirtualSerialCable;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint on the production serial path: a jssc {@link SerialLink} on one side of a real
 * pseudo-terminal pair, a scripted ArduPilot vehicle (dronefleet's own codec) on the other, with
 * bytes lost on the way.
 */
class MavOverPtyTest {

    private static final ComponentId VEHICLE = new ComponentId(1, 1);
    private static final int ARM = 400;   // MAV_CMD_COMPONENT_ARM_DISARM

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private VirtualSerialCable cable;
    private MavlinkEndpoint station;
    private ScriptedVehicle vehicle;

    @BeforeEach
    void plugIn() throws Exception {
        cable = VirtualSerialCable.plugIn("drone-1", dir, clock);
        vehicle = new ScriptedVehicle(cable.deviceEnd(), 1, 1);
        station = MavlinkEndpoint.start(new SerialLink("drone-1", SerialConfig.of(cable.path().toString())
                .withBaud(SerialConfig.BaudRate.B57600), clock), clock, MavlinkConfig.defaults());
        // the vehicle repeats its heartbeat, as a real one does: the first may go out before the
        // station's port is open
        long[] nextBeat = {System.nanoTime()};
        await("vehicle seen over the pty", () -> {
            if (station.peers().state(VEHICLE) == PeerState.CONNECTED) {
                return true;
            }
            if (System.nanoTime() - nextBeat[0] >= 0) {
                vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA);
                nextBeat[0] = System.nanoTime() + 100_000_000L;
            }
            return false;
        });
    }

    @AfterEach
    void unplug() throws Exception {
        station.close();
        vehicle.close();
        cable.close();
    }

    private static CommandAck ack(int command, MavResult result) {
        return CommandAck.builder().command(EnumValue.create(MavCmd.class, command)).result(result)
                .targetSystem(255).targetComponent(190).build();
    }

    @Test
    void lostAck_isRetriedWithIncrementedConfirmation_overTheRealSerialPath() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        // the vehicle acks every attempt, but the first ACK is lost on the wire
        vehicle.script(m -> {
            if (m instanceof CommandLong c) {
                if (seen.incrementAndGet() == 1) {
                    cable.outboundFault(ChunkFault.once(ChunkFault.drop()));
                }
                return List.of(ack(c.command().value(), MavResult.MAV_RESULT_ACCEPTED));
            }
            return List.of();
        });

        CompletableFuture<CommandResult> f = station.commands()
                .send(CommandRequest.longForm(VEHICLE, ARM, 1, 0, 0, 0, 0, 0, 0));
        await("first attempt reached the vehicle", () -> vehicle.received(CommandLong.class).size() == 1);
        clock.advance(Duration.ofSeconds(1));   // ack timeout: resend

        CommandResult r = f.get(5, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(vehicle.received(CommandLong.class)).extracting(CommandLong::confirmation).containsExactly(0, 1);
    }

    @Test
    void missionUpload_toArduPilot_withALostRequest_completesOverThePty() throws Exception {
        List<MissionItemInt> store = new ArrayList<>();
        AtomicInteger expected = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        vehicle.script(m -> switch (m) {
            case MissionCount c -> {
                expected.set(c.count());
                store.clear();
                yield List.of(request(0));
            }
            case MissionItemInt i -> {
                if (i.seq() == store.size()) {
                    store.add(i);
                }
                if (i.seq() + 1 < expected.get()) {
                    if (requests.incrementAndGet() == 2) {
                        cable.outboundFault(ChunkFault.once(ChunkFault.drop()));   // lose MISSION_REQUEST_INT(2)
                    }
                    yield List.of(request(i.seq() + 1));
                }
                yield List.of(MissionAck.builder().targetSystem(255).targetComponent(190)
                        .type(MavMissionResult.MAV_MISSION_ACCEPTED).missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
            }
            default -> List.<Object>of();
        });
        List<MissionItem> plan = List.of(MissionItem.waypoint(366_000_000, 1_180_000_000, 30),
                MissionItem.waypoint(366_010_000, 1_180_010_000, 30), MissionItem.waypoint(366_020_000, 1_180_000_000, 25));

        CompletableFuture<MissionResult> f = station.missions().upload(VEHICLE, plan);
        await("item 1 stored, request for 2 lost", () -> store.size() == 2);
        clock.advance(Duration.ofMillis(1500));   // mission timeout: our side resends item 1, the vehicle asks again

        MissionResult r = f.get(5, TimeUnit.SECONDS);
        assertThat(r.ok()).as(r.detail()).isTrue();
        assertThat(r.homeSlot()).isTrue();
        assertThat(store).hasSize(4);
        assertThat(store.subList(1, 4)).extracting(MissionItemInt::x).containsExactly(366_000_000, 366_010_000, 366_020_000);
    }

    private static MissionRequestInt request(int seq) {
        return MissionRequestInt.builder().targetSystem(255).targetComponent(190).seq(seq)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build();
    }
}

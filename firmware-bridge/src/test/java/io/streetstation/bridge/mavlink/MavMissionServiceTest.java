package io.streetstation.bridge.mavlink;

import static io.streetstation.bridge.mavlink.EndpointHarness.VEHICLE;
import static io.streetstation.bridge.mavlink.MavFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionClearAll;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.MissionRequestList;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.util.EnumValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mission microservice against a scripted vehicle holding a mission store. */
class MavMissionServiceTest {

    private final EndpointHarness h;
    /** the vehicle's stored mission, wire form (seq 0 = home on ArduPilot) */
    private final List<MissionItemInt> store = new ArrayList<>();
    private volatile int expected;

    MavMissionServiceTest() throws Exception {
        h = new EndpointHarness();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static final EnumValue<MavMissionType> MISSION = EnumValue.of(MavMissionType.MAV_MISSION_TYPE_MISSION);

    static MissionRequestInt request(int seq) {
        return MissionRequestInt.builder().targetSystem(255).targetComponent(190).seq(seq).missionType(MISSION).build();
    }

    static MissionAck missionAck(MavMissionResult r) {
        return MissionAck.builder().targetSystem(255).targetComponent(190).type(r).missionType(MISSION).build();
    }

    static MissionItemInt wire(MissionItemInt i) {
        return MissionItemInt.builder().targetSystem(255).targetComponent(190).seq(i.seq()).frame(i.frame())
                .command(i.command()).current(i.current()).autocontinue(i.autocontinue()).param1(i.param1())
                .x(i.x()).y(i.y()).z(i.z()).missionType(MISSION).build();
    }

    /** A well-behaved vehicle mission store. */
    private List<Object> vehicle(Object m) {
        return switch (m) {
            case MissionCount c -> {
                expected = c.count();
                synchronized (store) {
                    store.clear();
                }
                yield c.count() == 0 ? List.of(missionAck(MavMissionResult.MAV_MISSION_ACCEPTED)) : List.of(request(0));
            }
            case MissionItemInt i -> {
                synchronized (store) {
                    if (i.seq() == store.size()) {
                        store.add(i);
                    }
                }
                yield i.seq() + 1 < expected ? List.of(request(i.seq() + 1))
                        : List.of(missionAck(MavMissionResult.MAV_MISSION_ACCEPTED));
            }
            case MissionRequestList l -> List.of(MissionCount.builder().targetSystem(255).targetComponent(190)
                    .count(store.size()).missionType(MISSION).build());
            case MissionRequestInt r -> List.of(wire(store.get(r.seq())));
            case MissionClearAll c -> {
                store.clear();
                yield List.of(missionAck(MavMissionResult.MAV_MISSION_ACCEPTED));
            }
            default -> List.of();
        };
    }

    private void script(Function<Object, List<Object>> s) {
        h.vehicle.script(s);
    }

    private static List<MissionItem> plan() {
        return List.of(MissionItem.waypoint(473977418, 85455939, 30), MissionItem.waypoint(473980000, 85460000, 30),
                MissionItem.waypoint(473990000, 85470000, 25));
    }

    private static MissionResult result(CompletableFuture<MissionResult> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private void storeOnVehicle(List<MissionItem> items) {
        int seq = 0;
        for (MissionItem i : items) {
            store.add(MissionItemInt.builder().seq(seq++)
                    .frame(EnumValue.create(io.dronefleet.mavlink.common.MavFrame.class, i.frame()))
                    .command(EnumValue.create(io.dronefleet.mavlink.common.MavCmd.class, i.command()))
                    .current(i.current()).autocontinue(i.autocontinue()).param1(i.param1()).x(i.x()).y(i.y())
                    .z(i.z()).missionType(MISSION).build());
        }
    }

    private void arduPilotHeartbeat() {
        h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA);
        await("ArduPilot seen", () -> h.endpoint.peers().state(VEHICLE) == PeerState.CONNECTED);
    }

    @Test
    void upload_toASpecVehicle_sendsTheItemsFromSeq0_andCompletes() throws Exception {
        script(this::vehicle);
        h.vehicle.heartbeat(MavAutopilot.MAV_AUTOPILOT_PX4);
        await("PX4 seen", () -> h.endpoint.peers().state(VEHICLE) == PeerState.CONNECTED);
        MissionResult r = result(h.endpoint.missions().upload(VEHICLE, plan()));
        assertThat(r.ok()).isTrue();
        assertThat(r.homeSlot()).isFalse();
        assertThat(store).extracting(MissionItemInt::x).containsExactly(473977418, 473980000, 473990000);
    }

    @Test
    void upload_toArduPilot_insertsTheHomeSlotAtSeq0_andSaysSo() throws Exception {
        script(this::vehicle);
        arduPilotHeartbeat();
        MissionResult r = result(h.endpoint.missions().upload(VEHICLE, plan()));
        assertThat(r.ok()).isTrue();
        assertThat(r.homeSlot()).isTrue();
        assertThat(r.items()).isEqualTo(plan());
        assertThat(r.detail()).contains("home slot");
        assertThat(h.vehicle.received(MissionCount.class)).singleElement()
                .satisfies(c -> assertThat(c.count()).isEqualTo(4));
        assertThat(store).hasSize(4);
        assertThat(store.get(0).x()).isZero();
        assertThat(store.get(1).x()).isEqualTo(473977418);
    }

    @Test
    void download_fromArduPilot_stripsHomeAtSeq0_andAcknowledges() throws Exception {
        script(this::vehicle);
        arduPilotHeartbeat();
        MissionItem home = new MissionItem(0, 16, 0, 1, 0, 0, 0, 0, 473970000, 85450000, 480);
        List<MissionItem> onVehicle = new ArrayList<>(List.of(home));
        onVehicle.addAll(plan());
        storeOnVehicle(onVehicle);
        MissionResult r = result(h.endpoint.missions().download(VEHICLE));
        assertThat(r.ok()).isTrue();
        assertThat(r.home()).isEqualTo(home);
        assertThat(r.items()).isEqualTo(plan());
        await("our final ACK", () -> h.vehicle.received(MissionAck.class).size() == 1);
        assertThat(h.vehicle.received(MissionAck.class).get(0).type().value()).isZero();
    }

    @Test
    void download_fromASpecVehicle_returnsEveryItem() throws Exception {
        script(this::vehicle);
        storeOnVehicle(plan());
        MissionResult r = result(h.endpoint.missions().download(VEHICLE, MissionType.MISSION, HomeSlot.NONE));
        assertThat(r.items()).isEqualTo(plan());
        assertThat(r.home()).isNull();
    }

    @Test
    void lostMissionCount_isResentAfter1500ms() throws Exception {
        AtomicInteger counts = new AtomicInteger();
        script(m -> m instanceof MissionCount && counts.incrementAndGet() == 1 ? List.of() : vehicle(m));
        CompletableFuture<MissionResult> f = h.endpoint.missions().upload(VEHICLE, plan(), MissionType.MISSION,
                HomeSlot.NONE);
        await("count sent", () -> counts.get() == 1);
        h.advance(Duration.ofMillis(1499));
        assertThat(counts.get()).isEqualTo(1);
        h.advance(Duration.ofMillis(1));
        assertThat(result(f).ok()).isTrue();
        assertThat(counts.get()).isEqualTo(2);
    }

    @Test
    void lostItem_duringDownload_isRequestedAgain() throws Exception {
        storeOnVehicle(plan());
        AtomicInteger requestsFor1 = new AtomicInteger();
        script(m -> m instanceof MissionRequestInt r && r.seq() == 1 && requestsFor1.incrementAndGet() == 1
                ? List.of() : vehicle(m));
        CompletableFuture<MissionResult> f = h.endpoint.missions().download(VEHICLE, MissionType.MISSION, HomeSlot.NONE);
        await("request 1", () -> requestsFor1.get() == 1);
        h.advance(Duration.ofMillis(1500));
        MissionResult r = result(f);
        assertThat(r.items()).isEqualTo(plan());
        assertThat(requestsFor1.get()).isEqualTo(2);
    }

    @Test
    void outOfSequenceItem_isDroppedAndTheExpectedOneRequestedAgain() throws Exception {
        storeOnVehicle(plan());
        AtomicInteger requestsFor1 = new AtomicInteger();
        script(m -> m instanceof MissionRequestInt r && r.seq() == 1 && requestsFor1.incrementAndGet() == 1
                ? List.of(wire(store.get(2))) : vehicle(m));
        MissionResult r = result(h.endpoint.missions().download(VEHICLE, MissionType.MISSION, HomeSlot.NONE));
        assertThat(r.ok()).isTrue();
        assertThat(r.items()).isEqualTo(plan());
        assertThat(requestsFor1.get()).isEqualTo(2);
    }

    @Test
    void errorAck_fromASpecVehicle_endsTheUpload_withTheCode() throws Exception {
        script(m -> m instanceof MissionCount ? List.of(missionAck(MavMissionResult.MAV_MISSION_NO_SPACE)) : vehicle(m));
        MissionResult r = result(h.endpoint.missions().upload(VEHICLE, plan(), MissionType.MISSION, HomeSlot.NONE));
        assertThat(r.outcome()).isEqualTo(MissionOutcome.ERROR_ACK);
        assertThat(r.missionResult()).isEqualTo(4);
        assertThat(r.detail()).contains("vehicle 1/1 upload", "MAV_MISSION_RESULT 4");
    }

    @Test
    void arduPilotNack_duringUpload_doesNotEndIt() throws Exception {
        arduPilotHeartbeat();
        script(m -> {
            List<Object> normal = vehicle(m);   // stores the item
            return m instanceof MissionItemInt i && i.seq() == 1
                    ? List.of(missionAck(MavMissionResult.MAV_MISSION_ERROR), request(2)) : normal;
        });
        MissionResult r = result(h.endpoint.missions().upload(VEHICLE, plan()));
        assertThat(r.ok()).isTrue();
        assertThat(store).hasSize(4);
    }

    @Test
    void silentVehicle_timesOutAfterFiveRetries_naming_vehicle_operation_and_retries() throws Exception {
        CompletableFuture<MissionResult> f = h.endpoint.missions().upload(VEHICLE, plan(), MissionType.MISSION,
                HomeSlot.NONE);
        for (int sent = 1; sent <= 6; sent++) {
            int n = sent;
            await("count #" + n, () -> h.vehicle.received(MissionCount.class).size() == n);
            h.advance(Duration.ofMillis(1500));
        }
        MissionResult r = result(f);
        assertThat(r.outcome()).isEqualTo(MissionOutcome.TIMED_OUT);
        assertThat(r.retries()).isEqualTo(5);
        assertThat(r.detail()).contains("vehicle 1/1 upload", "5 retries");
        assertThat(h.vehicle.received(MissionCount.class)).hasSize(6);
    }

    @Test
    void cancel_duringDownload_answersOperationCancelled() throws Exception {
        storeOnVehicle(plan());
        script(m -> m instanceof MissionRequestInt ? List.of() : vehicle(m));
        CompletableFuture<MissionResult> f = h.endpoint.missions().download(VEHICLE, MissionType.MISSION, HomeSlot.NONE);
        await("request 0", () -> h.vehicle.received(MissionRequestInt.class).size() == 1);
        h.endpoint.missions().cancel(VEHICLE);
        assertThat(result(f).outcome()).isEqualTo(MissionOutcome.CANCELLED);
        await("cancel ack", () -> h.vehicle.received(MissionAck.class).size() == 1);
        assertThat(h.vehicle.received(MissionAck.class).get(0).type().value()).isEqualTo(15);
    }

    @Test
    void secondTransferWithTheSameVehicle_isBusy() throws Exception {
        CompletableFuture<MissionResult> first = h.endpoint.missions().download(VEHICLE);
        MissionResult second = result(h.endpoint.missions().upload(VEHICLE, plan()));
        assertThat(second.outcome()).isEqualTo(MissionOutcome.BUSY);
        h.endpoint.missions().cancel(VEHICLE);
        assertThat(result(first).outcome()).isEqualTo(MissionOutcome.CANCELLED);
    }

    @Test
    void clearAll_isAcknowledged() throws Exception {
        script(this::vehicle);
        storeOnVehicle(plan());
        MissionResult r = result(h.endpoint.missions().clear(VEHICLE, MissionType.MISSION));
        assertThat(r.ok()).isTrue();
        assertThat(store).isEmpty();
    }
}

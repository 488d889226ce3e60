package io.streetstation.hil.rig;

import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionClearAll;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.MissionRequestList;
import io.streetstation.bridge.mavlink.InboundMessage;
import io.streetstation.bridge.mavlink.MavlinkEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The vehicle side of the MAVLink mission protocol, as ArduPilot answers it: upload (MISSION_COUNT
 * → MISSION_REQUEST_INT per item → MISSION_ACK), download (MISSION_REQUEST_LIST → MISSION_COUNT →
 * MISSION_ITEM_INT per request) and clear-all (refused while the mission is being flown). Item 0
 * is whatever the ground station sends there (ArduPilot treats it as home).
 */
final class VehicleMissionServer {

    private static final TaggedLogger LOG = Logger.tag("sim");

    private final String name;
    private final int systemId;
    private final BooleanSupplier clearAllowed;
    private final Consumer<List<MissionItemInt>> onStored;
    private final BooleanSupplier talking;
    private final List<MissionItemInt> mission = new ArrayList<>();
    private final List<MissionItemInt> upload = new ArrayList<>();
    private int uploadExpected = -1;

    /**
     * @param clearAllowed whether MISSION_CLEAR_ALL may clear now (not while flying the mission)
     * @param onStored told the new mission after a complete upload (outside this server's lock)
     * @param talking whether the vehicle is powered and booted; a silent vehicle does not answer
     */
    VehicleMissionServer(String name, int systemId, MavlinkEndpoint endpoint, BooleanSupplier clearAllowed,
                         Consumer<List<MissionItemInt>> onStored, BooleanSupplier talking, Consumer<Object> send) {
        this.name = name;
        this.systemId = systemId;
        this.clearAllowed = clearAllowed;
        this.onStored = onStored;
        this.talking = talking;
        endpoint.subscribe(MissionCount.class, m -> answer(onCount(m), send));
        endpoint.subscribe(MissionItemInt.class, m -> {
            List<Object> reply = new ArrayList<>();
            List<MissionItemInt> stored = onItem(m, reply);
            answer(reply, send);
            if (stored != null) {
                onStored.accept(stored);
            }
        });
        endpoint.subscribe(MissionRequestList.class, m -> answer(onRequestList(m), send));
        endpoint.subscribe(MissionRequestInt.class, m -> answer(onRequestItem(m), send));
        endpoint.subscribe(MissionClearAll.class, m -> answer(onClearAll(m), send));
    }

    private void answer(List<Object> messages, Consumer<Object> send) {
        if (talking.getAsBoolean()) {
            messages.forEach(send);
        }
    }

    /** The stored mission. */
    synchronized List<MissionItemInt> items() {
        return List.copyOf(mission);
    }

    private synchronized List<Object> onCount(InboundMessage<MissionCount> m) {
        if (m.payload().targetSystem() != systemId) {
            return List.of();
        }
        uploadExpected = m.payload().count();
        upload.clear();
        return uploadExpected == 0 ? List.of(ack(m, MavMissionResult.MAV_MISSION_ACCEPTED)) : List.of(request(m, 0));
    }

    /** @return the new mission when this item completed an upload, else null */
    private synchronized List<MissionItemInt> onItem(InboundMessage<MissionItemInt> m, List<Object> reply) {
        MissionItemInt i = m.payload();
        if (i.targetSystem() != systemId || uploadExpected < 0) {
            return null;
        }
        if (i.seq() == upload.size()) {
            upload.add(i);
        }
        if (upload.size() < uploadExpected) {
            reply.add(request(m, upload.size()));   // the next one, or the expected one again after a gap
            return null;
        }
        mission.clear();
        mission.addAll(upload);
        uploadExpected = -1;
        LOG.info("{}: mission of {} items stored", name, mission.size());
        reply.add(ack(m, MavMissionResult.MAV_MISSION_ACCEPTED));
        return List.copyOf(mission);
    }

    private synchronized List<Object> onRequestList(InboundMessage<MissionRequestList> m) {
        if (m.payload().targetSystem() != systemId) {
            return List.of();
        }
        return List.of(MissionCount.builder().targetSystem(m.systemId()).targetComponent(m.componentId())
                .count(mission.size()).missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
    }

    private synchronized List<Object> onRequestItem(InboundMessage<MissionRequestInt> m) {
        MissionRequestInt r = m.payload();
        if (r.targetSystem() != systemId || r.seq() >= mission.size()) {
            return List.of();
        }
        MissionItemInt i = mission.get(r.seq());
        return List.of(MissionItemInt.builder().targetSystem(m.systemId()).targetComponent(m.componentId()).seq(i.seq())
                .frame(i.frame()).command(i.command()).current(i.current()).autocontinue(i.autocontinue())
                .param1(i.param1()).param2(i.param2()).param3(i.param3()).param4(i.param4()).x(i.x()).y(i.y()).z(i.z())
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
    }

    private List<Object> onClearAll(InboundMessage<MissionClearAll> m) {
        if (m.payload().targetSystem() != systemId) {
            return List.of();
        }
        if (!clearAllowed.getAsBoolean()) {
            return List.of(ack(m, MavMissionResult.MAV_MISSION_DENIED));   // ArduPilot: not while flying it in AUTO
        }
        synchronized (this) {
            mission.clear();
        }
        onStored.accept(List.of());
        return List.of(ack(m, MavMissionResult.MAV_MISSION_ACCEPTED));
    }

    private static MissionRequestInt request(InboundMessage<?> to, int seq) {
        return MissionRequestInt.builder().targetSystem(to.systemId()).targetComponent(to.componentId()).seq(seq)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build();
    }

    private static MissionAck ack(InboundMessage<?> to, MavMissionResult r) {
        return MissionAck.builder().targetSystem(to.systemId()).targetComponent(to.componentId()).type(r)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build();
    }
}

package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionClearAll;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequest;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.MissionRequestList;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.mavlink.MissionMachine.Action;
import io.streetstation.bridge.mavlink.MissionResult.Operation;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Mission upload, download and clear-all (services/mission.md) with the spec's timeouts and
 * retries, one transfer per vehicle at a time. Items always go out as MISSION_ITEM_INT, also in
 * answer to the deprecated MISSION_REQUEST; MISSION_ITEM is accepted on download.
 *
 * <p>ArduPilot: see {@link HomeSlot}; its NACKs during an upload do not end the upload (it may keep
 * requesting), so they are remembered and the transfer goes on until accepted or timed out.
 *
 * <p>Thread-safe entry points; state lives on the endpoint's dispatch thread, where the futures
 * complete.
 */
@SuppressWarnings("deprecation") // COMMAND_CANCEL, MISSION_REQUEST and MISSION_ITEM: the spec asks us to support them
public final class MissionService {

    private static final TaggedLogger LOG = Logger.tag("mavlink");

    private static final class Transfer {
        final ComponentId vehicle;
        final Operation operation;
        final MissionType type;
        final boolean homeSlot;
        final List<MissionItem> wireItems;          // upload: what goes out, home slot included
        final CompletableFuture<MissionResult> future;
        final MissionMachine.Limits limits;
        MissionItem[] received;                      // download
        MissionMachine.State state;
        StationClock.Timer timer;
        long generation;

        Transfer(ComponentId vehicle, Operation operation, MissionType type, boolean homeSlot,
                 List<MissionItem> wireItems, CompletableFuture<MissionResult> future, MissionMachine.Limits limits) {
            this.vehicle = vehicle;
            this.operation = operation;
            this.type = type;
            this.homeSlot = homeSlot;
            this.wireItems = wireItems;
            this.future = future;
            this.limits = limits;
        }
    }

    private final Dispatcher dispatcher;
    private final StationClock clock;
    private final Outbox out;
    private final ComponentId self;
    private final PeerTracker peers;
    private final Duration timeout;
    private final int maxRetries;
    private final Map<ComponentId, Transfer> transfers = new HashMap<>();

    MissionService(Dispatcher dispatcher, StationClock clock, Outbox out, ComponentId self, PeerTracker peers,
                   MavlinkConfig config) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.out = out;
        this.self = self;
        this.peers = peers;
        this.timeout = config.missionTimeout();
        this.maxRetries = config.missionRetries();
    }

    /** Uploads {@code items} as the vehicle's mission (home slot per {@link HomeSlot#AUTO}). */
    public CompletableFuture<MissionResult> upload(ComponentId vehicle, List<MissionItem> items) {
        return upload(vehicle, items, MissionType.MISSION, HomeSlot.AUTO);
    }

    public CompletableFuture<MissionResult> upload(ComponentId vehicle, List<MissionItem> items, MissionType type,
                                                   HomeSlot home) {
        List<MissionItem> copy = List.copyOf(items);
        return begin(vehicle, Operation.UPLOAD, type, home, copy);
    }

    public CompletableFuture<MissionResult> download(ComponentId vehicle) {
        return download(vehicle, MissionType.MISSION, HomeSlot.AUTO);
    }

    public CompletableFuture<MissionResult> download(ComponentId vehicle, MissionType type, HomeSlot home) {
        return begin(vehicle, Operation.DOWNLOAD, type, home, List.of());
    }

    public CompletableFuture<MissionResult> clear(ComponentId vehicle, MissionType type) {
        return begin(vehicle, Operation.CLEAR, type, HomeSlot.NONE, List.of());
    }

    /** Cancels the running transfer with {@code vehicle}, if any. */
    public void cancel(ComponentId vehicle) {
        dispatcher.post(() -> fire(vehicle, new MissionMachine.CancelRequested()));
    }

    private CompletableFuture<MissionResult> begin(ComponentId vehicle, Operation op, MissionType type, HomeSlot home,
                                                   List<MissionItem> items) {
        CompletableFuture<MissionResult> future = new CompletableFuture<>();
        dispatcher.post(() -> start(vehicle, op, type, home, items, future));
        return future;
    }

    // ---- dispatch thread

    private void start(ComponentId vehicle, Operation op, MissionType type, HomeSlot home, List<MissionItem> items,
                       CompletableFuture<MissionResult> future) {
        boolean arduPilot = peers.get(vehicle).map(Peer::isArduPilot).orElse(false);
        if (transfers.containsKey(vehicle)) {
            Transfer running = transfers.get(vehicle);
            future.complete(new MissionResult(vehicle, op, type, MissionOutcome.BUSY, List.of(), null, false, -1, 0,
                    -1, "vehicle " + vehicle + " " + op.name().toLowerCase() + ": a "
                    + running.operation.name().toLowerCase() + " is still running"));
            return;
        }
        boolean homeSlot = type == MissionType.MISSION
                && (home == HomeSlot.ARDUPILOT || (home == HomeSlot.AUTO && arduPilot));
        List<MissionItem> wire = items;
        if (op == Operation.UPLOAD && homeSlot) {
            wire = new ArrayList<>(items.size() + 1);
            wire.add(MissionItem.homePlaceholder());
            wire.addAll(items);
        }
        Transfer t = new Transfer(vehicle, op, type, homeSlot, wire, future,
                new MissionMachine.Limits(maxRetries, arduPilot || home == HomeSlot.ARDUPILOT));
        transfers.put(vehicle, t);
        MissionMachine.Transition first = switch (op) {
            case UPLOAD -> MissionMachine.startUpload(wire.size());
            case DOWNLOAD -> MissionMachine.startDownload();
            case CLEAR -> MissionMachine.startClear();
        };
        LOG.info("vehicle {} {} {}: started{}", vehicle, op.name().toLowerCase(), type,
                homeSlot ? " (ArduPilot home slot at seq 0)" : "");
        t.state = first.next();
        execute(t, first.actions());
    }

    /** MISSION_* messages from any vehicle. */
    void onMessage(InboundMessage<?> m) {
        ComponentId from = m.source();
        Transfer direct = transfers.get(from);
        Transfer t = direct != null ? direct : transfers.get(new ComponentId(from.systemId(), 0));
        if (t == null) {
            return;
        }
        MissionMachine.Event event = switch (m.payload()) {
            case MissionRequestInt r when forUs(r.targetSystem(), r.targetComponent()) && sameType(t, r.missionType()) ->
                    new MissionMachine.RequestReceived(r.seq());
            case MissionRequest r when forUs(r.targetSystem(), r.targetComponent()) && sameType(t, r.missionType()) ->
                    new MissionMachine.RequestReceived(r.seq());
            case MissionItemInt i when forUs(i.targetSystem(), i.targetComponent()) && sameType(t, i.missionType()) ->
                    new MissionMachine.ItemReceived(i.seq(), fromWire(i));
            case io.dronefleet.mavlink.common.MissionItem i
                    when forUs(i.targetSystem(), i.targetComponent()) && sameType(t, i.missionType()) ->
                    new MissionMachine.ItemReceived(i.seq(), fromWire(i));
            case MissionCount c when forUs(c.targetSystem(), c.targetComponent()) && sameType(t, c.missionType()) ->
                    new MissionMachine.CountReceived(c.count());
            case MissionAck a when forUs(a.targetSystem(), a.targetComponent()) && sameType(t, a.missionType()) ->
                    new MissionMachine.AckReceived(a.type() == null ? -1 : a.type().value());
            default -> null;
        };
        if (event != null) {
            fire(t.vehicle, event);
        }
    }

    private boolean forUs(int targetSystem, int targetComponent) {
        return (targetSystem == 0 || targetSystem == self.systemId())
                && (targetComponent == 0 || targetComponent == self.componentId());
    }

    private static boolean sameType(Transfer t, EnumValue<MavMissionType> type) {
        return (type == null ? 0 : type.value()) == t.type.code;
    }

    private void fire(ComponentId vehicle, MissionMachine.Event event) {
        Transfer t = transfers.get(vehicle);
        if (t == null) {
            LOG.debug("vehicle {}: {} with no transfer running", vehicle, event);
            return;
        }
        MissionMachine.Transition tr = MissionMachine.step(t.state, event, t.limits);
        if (!tr.legal()) {
            LOG.debug("vehicle {} {}: {} ignored in {}", vehicle, t.operation, event, t.state);
            return;
        }
        if (event instanceof MissionMachine.AckReceived a && tr.next() == t.state) {
            LOG.warn("vehicle {} upload: ArduPilot NACK {} ignored, waiting for requests or timeout", vehicle, a.type());
        }
        if (event instanceof MissionMachine.ItemReceived i && tr.next() == t.state) {
            LOG.info("vehicle {} download: item {} out of sequence, dropped and re-requested", vehicle, i.seq());
        }
        if (event instanceof MissionMachine.TimedOut) {
            LOG.info("vehicle {} {}: timeout, now {}", vehicle, t.operation.name().toLowerCase(), tr.next());
        }
        t.state = tr.next();
        execute(t, tr.actions());
    }

    private void execute(Transfer t, List<Action> actions) {
        int tsys = t.vehicle.systemId();
        int tcomp = t.vehicle.componentId();
        EnumValue<MavMissionType> type = EnumValue.create(MavMissionType.class, t.type.code);
        for (Action a : actions) {
            switch (a) {
                case MissionMachine.SendCount c -> out.send(MissionCount.builder().targetSystem(tsys)
                        .targetComponent(tcomp).count(c.count()).missionType(type).build());
                case MissionMachine.SendItem i -> out.send(toWire(t.wireItems.get(i.seq()), i.seq(), tsys, tcomp, type));
                case MissionMachine.SendRequestList r -> out.send(MissionRequestList.builder().targetSystem(tsys)
                        .targetComponent(tcomp).missionType(type).build());
                case MissionMachine.SendRequest r -> out.send(MissionRequestInt.builder().targetSystem(tsys)
                        .targetComponent(tcomp).seq(r.seq()).missionType(type).build());
                case MissionMachine.SendAck k -> out.send(MissionAck.builder().targetSystem(tsys)
                        .targetComponent(tcomp).type(EnumValue.create(MavMissionResult.class, k.type()))
                        .missionType(type).build());
                case MissionMachine.SendClearAll c -> out.send(MissionClearAll.builder().targetSystem(tsys)
                        .targetComponent(tcomp).missionType(type).build());
                case MissionMachine.StoreItem s -> {
                    MissionMachine.State st = t.state;
                    int count = st instanceof MissionMachine.AwaitingItem w ? w.count() : s.seq() + 1;
                    if (t.received == null || t.received.length < count) {
                        t.received = t.received == null ? new MissionItem[count] : Arrays.copyOf(t.received, count);
                    }
                    t.received[s.seq()] = s.item();
                }
                case MissionMachine.StartTimer s -> startTimer(t);
                case MissionMachine.Finish f -> finish(t, f.done());
            }
        }
    }

    private void startTimer(Transfer t) {
        if (t.timer != null) {
            t.timer.cancel();
        }
        long generation = ++t.generation;
        t.timer = clock.schedule(timeout, () -> dispatcher.post(() -> {
            if (transfers.get(t.vehicle) == t && t.generation == generation) {
                fire(t.vehicle, new MissionMachine.TimedOut());
            }
        }));
    }

    private void finish(Transfer t, MissionMachine.Done d) {
        if (t.timer != null) {
            t.timer.cancel();
        }
        transfers.remove(t.vehicle);
        List<MissionItem> items = List.of();
        MissionItem home = null;
        if (t.operation == Operation.UPLOAD) {
            items = t.homeSlot ? t.wireItems.subList(1, t.wireItems.size()) : t.wireItems;
        } else if (t.operation == Operation.DOWNLOAD && d.outcome() == MissionOutcome.COMPLETED && t.received != null) {
            List<MissionItem> all = Arrays.asList(t.received);
            if (t.homeSlot && !all.isEmpty()) {
                home = all.get(0);
                all = all.subList(1, all.size());
            }
            items = List.copyOf(all);
        }
        String detail = "vehicle " + t.vehicle + " " + t.operation.name().toLowerCase() + " " + t.type
                + ": " + d.detail() + (d.seq() >= 0 ? " (seq " + d.seq() + ", " : " (") + d.retries() + " retries)"
                + (t.homeSlot ? "; seq 0 is ArduPilot's home slot" : "");
        if (d.outcome() == MissionOutcome.COMPLETED) {
            LOG.info(detail);
        } else {
            LOG.warn("{} -> {}", detail, d.outcome());
        }
        t.future.complete(new MissionResult(t.vehicle, t.operation, t.type, d.outcome(), items, home, t.homeSlot,
                d.seq(), d.retries(), d.missionResult(), detail));
    }

    private static MissionItemInt toWire(MissionItem i, int seq, int tsys, int tcomp, EnumValue<MavMissionType> type) {
        return MissionItemInt.builder().targetSystem(tsys).targetComponent(tcomp).seq(seq)
                .frame(EnumValue.create(MavFrame.class, i.frame())).command(EnumValue.create(MavCmd.class, i.command()))
                .current(i.current()).autocontinue(i.autocontinue()).param1(i.param1()).param2(i.param2())
                .param3(i.param3()).param4(i.param4()).x(i.x()).y(i.y()).z(i.z()).missionType(type).build();
    }

    static MissionItem fromWire(MissionItemInt i) {
        return new MissionItem(value(i.frame()), value(i.command()), i.current(), i.autocontinue(), i.param1(),
                i.param2(), i.param3(), i.param4(), i.x(), i.y(), i.z());
    }

    static MissionItem fromWire(io.dronefleet.mavlink.common.MissionItem i) {
        int frame = value(i.frame());
        boolean global = switch (frame) {
            case 0, 3, 5, 6, 10, 11 -> true;
            default -> false;
        };
        double scale = global ? 1e7 : 1e4;
        return new MissionItem(frame, value(i.command()), i.current(), i.autocontinue(), i.param1(), i.param2(),
                i.param3(), i.param4(), (int) Math.round(i.x() * scale), (int) Math.round(i.y() * scale), i.z());
    }

    private static int value(EnumValue<?> e) {
        return e == null ? 0 : e.value();
    }

    void close() {
        for (Transfer t : transfers.values()) {
            if (t.timer != null) {
                t.timer.cancel();
            }
            t.future.complete(new MissionResult(t.vehicle, t.operation, t.type, MissionOutcome.CLOSED, List.of(), null,
                    t.homeSlot, -1, 0, -1, "vehicle " + t.vehicle + " " + t.operation + ": endpoint closed"));
        }
        transfers.clear();
    }
}

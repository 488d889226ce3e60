package io.streetstation.hil.rig;

import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.Inbound;
import io.streetstation.bridge.frame.MessageHandler;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.RackLockCommand;
import io.streetstation.bridge.frame.msg.RackSlotState;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The balance-vehicle rack's firmware, simulated.
 *
 * <p>Each slot has a lock, a charge contact and an RFID reader for the vehicle id. A lock takes
 * {@link #LOCK_TRAVEL} to move (reported as MOVING). An officer can take a vehicle out only from an
 * unlocked slot (checkout); a vehicle pushed into an empty slot is read, latched by the slot's
 * catch (the firmware locks it itself) and starts charging (return). Charging runs toward 100 % at
 * {@link #CHARGE_RATE}; a vehicle out on patrol drains at {@link #DRAIN_RATE}. A jammed lock reports
 * FAULT, refuses commands with the reason, and raises a DEVICE_EVENT. Slot states go out every 2 s
 * and at once on change.
 */
public final class SimRack implements MessageHandler, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("sim");
    private static final Duration REPORT = Duration.ofSeconds(2);
    private static final Duration STEP = Duration.ofMillis(250);
    /** How long the lock bolt takes to move. */
    public static final Duration LOCK_TRAVEL = Duration.ofMillis(1_500);
    /** Percent per second: a balance vehicle charges 20 → 100 % in about 3 h. */
    public static final double CHARGE_RATE = 80.0 / (3 * 3600);
    /** Percent per second while out: a full pack lasts about 4 h of patrol. */
    public static final double DRAIN_RATE = 100.0 / (4 * 3600);

    /** DEVICE_EVENT codes the rack raises. */
    public static final int EVENT_LOCK_FAULT = 0x0201;
    public static final int EVENT_FORCED_REMOVAL = 0x0202;

    private final FrameEndpoint endpoint;
    private final StationClock clock;
    private final StationClock.Timer reportTimer;
    private final StationClock.Timer stepTimer;
    private final Slot[] slots;
    /** Vehicles out on patrol, by id: their battery keeps draining. */
    private final java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
    private final ElapsedStep elapsed;

    private static final class Slot {
        String vehicle;           // null = empty
        double battery;
        RackSlotState.Lock lock = RackSlotState.Lock.LOCKED;
        RackSlotState.Lock target = RackSlotState.Lock.LOCKED;
        long moveDoneNanos;
        String fault;             // non-null = the lock is jammed
        RackSlotState reported;
    }

    public SimRack(Link bus, StationClock clock, String[] vehicleIds, double[] batteries, long bootId) {
        this.clock = clock;
        this.elapsed = new ElapsedStep(clock, STEP);
        this.slots = new Slot[vehicleIds.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
            slots[i].vehicle = vehicleIds[i];
            slots[i].battery = vehicleIds[i] == null ? 0 : batteries[i];
        }
        PeerIdentity me = new PeerIdentity(Role.DEVICE, DeviceKind.VEHICLE_RACK, bootId, new FirmwareVersion(1, 3, 0), 0,
                "RACK-SIM-" + Long.toHexString(bootId & 0xFFFF));
        this.endpoint = new FrameEndpoint(bus, clock, SimEndpoints.device(StationAddress.RACK, me, clock), this);
        endpoint.start();
        this.stepTimer = clock.scheduleAtFixedRate(STEP, STEP, this::step);
        this.reportTimer = clock.scheduleAtFixedRate(REPORT, REPORT, this::reportAll);
    }

    @Override
    public Verdict onMessage(Inbound in) {
        if (!(in.message() instanceof RackLockCommand c)) {
            return Verdict.refused("rack does not handle " + in.message().getClass().getSimpleName());
        }
        RackSlotState changed;
        synchronized (this) {
            if (c.slot() > slots.length) {
                return Verdict.refused("slot " + c.slot() + " out of range 1.." + slots.length);
            }
            Slot s = slots[c.slot() - 1];
            if (s.fault != null) {
                return Verdict.refused("slot " + c.slot() + " lock faulted: " + s.fault);
            }
            RackSlotState.Lock want = c.action() == RackLockCommand.Action.LOCK
                    ? RackSlotState.Lock.LOCKED : RackSlotState.Lock.UNLOCKED;
            if (s.target == want) {
                return Verdict.ACCEPTED;   // already there or on its way: idempotent
            }
            s.target = want;
            s.lock = RackSlotState.Lock.MOVING;
            s.moveDoneNanos = clock.nanoTime() + LOCK_TRAVEL.toNanos();
            changed = state(c.slot() - 1);
        }
        sendAfterAck(changed);
        return Verdict.ACCEPTED;
    }

    /** The MOVING report goes out after the command's ACK, from the clock's thread. */
    private void sendAfterAck(RackSlotState s) {
        clock.schedule(Duration.ZERO, () -> reportIfChanged(s.slot() - 1));
    }

    // ---- what officers and faults do ---------------------------------------------------------

    /**
     * An officer takes the vehicle out of {@code slot}. Only from an unlocked slot; pulling against a
     * locked one fails (and the rack reports the attempt).
     *
     * @return the vehicle id taken
     */
    public String checkout(int slot) {
        String id = null;
        String refused = null;
        synchronized (this) {
            Slot s = slot(slot);
            if (s.vehicle == null) {
                throw new IllegalStateException("slot " + slot + " is empty");
            }
            if (s.lock != RackSlotState.Lock.UNLOCKED) {
                refused = "slot " + slot + ": vehicle " + s.vehicle + " pulled while " + s.lock;
            } else {
                id = s.vehicle;
                out.put(id, new double[] {s.battery});
                s.vehicle = null;
                s.battery = 0;
            }
        }
        if (refused != null) {
            publish(new DeviceEvent(EVENT_FORCED_REMOVAL, DeviceEvent.Severity.WARNING, refused));
            throw new IllegalStateException(refused + ": the vehicle cannot be taken");
        }
        reportIfChanged(slot - 1);
        return id;
    }

    /**
     * An officer pushes {@code vehicleId} into the empty {@code slot}. The catch latches it: the
     * firmware drives the lock to LOCKED and charging starts.
     */
    public void returnVehicle(int slot, String vehicleId) {
        synchronized (this) {
            Slot s = slot(slot);
            if (s.vehicle != null) {
                throw new IllegalStateException("slot " + slot + " already holds " + s.vehicle);
            }
            double[] battery = out.remove(vehicleId);
            s.vehicle = vehicleId;
            s.battery = battery == null ? 50 : battery[0];
            if (s.fault == null && s.target != RackSlotState.Lock.LOCKED) {
                s.target = RackSlotState.Lock.LOCKED;
                s.lock = RackSlotState.Lock.MOVING;
                s.moveDoneNanos = clock.nanoTime() + LOCK_TRAVEL.toNanos();
            }
        }
        reportIfChanged(slot - 1);
    }

    /** The lock of {@code slot} jams ({@code why} non-null) or is repaired (null: back to LOCKED). */
    public void lockFault(int slot, String why) {
        synchronized (this) {
            Slot s = slot(slot);
            s.fault = why;
            if (why == null) {
                s.lock = RackSlotState.Lock.LOCKED;
                s.target = RackSlotState.Lock.LOCKED;
            } else {
                s.lock = RackSlotState.Lock.FAULT;
            }
        }
        if (why != null) {
            publish(new DeviceEvent(EVENT_LOCK_FAULT, DeviceEvent.Severity.FAULT, "slot " + slot + " lock: " + why));
        }
        reportIfChanged(slot - 1);
    }

    /** Battery of a vehicle in a slot or out on patrol, if known. */
    public synchronized Optional<Double> battery(String vehicleId) {
        for (Slot s : slots) {
            if (vehicleId.equals(s.vehicle)) {
                return Optional.of(s.battery);
            }
        }
        double[] b = out.get(vehicleId);
        return b == null ? Optional.empty() : Optional.of(b[0]);
    }

    private Slot slot(int slot) {
        if (slot < 1 || slot > slots.length) {
            throw new IllegalArgumentException("slot " + slot + " out of range 1.." + slots.length);
        }
        return slots[slot - 1];
    }

    // ---- physics and reports -----------------------------------------------------------------

    private void step() {
        List<Integer> moved = new ArrayList<>();
        synchronized (this) {
            long now = clock.nanoTime();
            double dt = elapsed.next().toNanos() / 1e9;
            for (int i = 0; i < slots.length; i++) {
                Slot s = slots[i];
                if (s.lock == RackSlotState.Lock.MOVING && now - s.moveDoneNanos >= 0) {
                    s.lock = s.target;
                    moved.add(i);
                }
                if (charging(s)) {
                    s.battery = Math.min(100, s.battery + CHARGE_RATE * dt);
                }
            }
            for (double[] b : out.values()) {
                b[0] = Math.max(0, b[0] - DRAIN_RATE * dt);
            }
        }
        moved.forEach(this::reportIfChanged);
    }

    private static boolean charging(Slot s) {
        return s.vehicle != null && s.lock == RackSlotState.Lock.LOCKED && s.battery < 100;
    }

    private RackSlotState state(int i) {
        Slot s = slots[i];
        boolean occupied = s.vehicle != null;
        return new RackSlotState(i + 1, occupied, s.lock, occupied ? (int) s.battery : 0, charging(s),
                occupied ? s.vehicle : "");
    }

    private void reportIfChanged(int i) {
        RackSlotState now;
        synchronized (this) {
            now = state(i);
            RackSlotState before = slots[i].reported;
            if (before != null && before.occupied() == now.occupied() && before.lock() == now.lock()
                    && before.charging() == now.charging() && before.vehicleId().equals(now.vehicleId())) {
                return;   // battery creeping is not a change: the periodic report carries it
            }
            slots[i].reported = now;
        }
        publish(now);
    }

    private void reportAll() {
        List<RackSlotState> all = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < slots.length; i++) {
                all.add(state(i));
                slots[i].reported = all.get(i);
            }
        }
        all.forEach(this::publish);
    }

    private void publish(StationMessage m) {
        if (!endpoint.peerSession(StationAddress.AGENT).isEstablished()) {
            return;   // the firmware speaks only once the agent has greeted it
        }
        try {
            if (m instanceof DeviceEvent) {
                endpoint.send(StationAddress.AGENT, m);
            } else {
                endpoint.publish(StationAddress.AGENT, m);
            }
        } catch (Exception e) {
            LOG.debug("rack: {} not sent: {}", m.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public void close() {
        reportTimer.cancel();
        stepTimer.cancel();
        endpoint.close();
    }
}

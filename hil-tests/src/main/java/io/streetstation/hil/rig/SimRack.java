package io.streetstation.hil.rig;

import io.streetstation.bridge.frame.EndpointConfig;
import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.Inbound;
import io.streetstation.bridge.frame.MessageHandler;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.RackLockCommand;
import io.streetstation.bridge.frame.msg.RackSlotState;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The balance-vehicle rack's firmware, simulated: slots with locks, the vehicles in them (id and
 * battery), charging toward full. Slot states go out every 2 s; lock commands are ACKed and take
 * effect at once. Checkout, return and lock faults come with the full rig.
 */
public final class SimRack implements MessageHandler, AutoCloseable {

    private static final Duration REPORT = Duration.ofSeconds(2);
    /** percent per second: a balance vehicle charges 20 → 100 % in about 3 h */
    private static final double CHARGE_RATE = 80.0 / (3 * 3600);

    private final FrameEndpoint endpoint;
    private final StationClock.Timer timer;
    private final String[] vehicle;
    private final double[] battery;
    private final RackSlotState.Lock[] lock;

    public SimRack(Link bus, StationClock clock, String[] vehicleIds, double[] batteries, long bootId) {
        this.vehicle = vehicleIds.clone();
        this.battery = batteries.clone();
        this.lock = new RackSlotState.Lock[vehicleIds.length];
        java.util.Arrays.fill(lock, RackSlotState.Lock.LOCKED);
        PeerIdentity me = new PeerIdentity(Role.DEVICE, DeviceKind.VEHICLE_RACK, bootId, new FirmwareVersion(1, 2, 0), 0,
                "RACK-SIM-" + Long.toHexString(bootId & 0xFFFF));
        this.endpoint = new FrameEndpoint(bus, clock, EndpointConfig.device(StationAddress.RACK, me), this);
        endpoint.start();
        this.timer = clock.scheduleAtFixedRate(REPORT, REPORT, this::report);
    }

    @Override
    public synchronized Verdict onMessage(Inbound in) {
        if (in.message() instanceof RackLockCommand c) {
            if (c.slot() > vehicle.length) {
                return Verdict.refused("slot " + c.slot() + " out of range 1.." + vehicle.length);
            }
            lock[c.slot() - 1] = c.action() == RackLockCommand.Action.LOCK ? RackSlotState.Lock.LOCKED : RackSlotState.Lock.UNLOCKED;
            return Verdict.ACCEPTED;
        }
        return Verdict.refused("rack does not handle " + in.message().getClass().getSimpleName());
    }

    private void report() {
        List<RackSlotState> out = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < vehicle.length; i++) {
                boolean occupied = vehicle[i] != null;
                boolean charging = occupied && battery[i] < 100;
                if (charging) {
                    battery[i] = Math.min(100, battery[i] + CHARGE_RATE * REPORT.toSeconds());
                }
                out.add(new RackSlotState(i + 1, occupied, lock[i], occupied ? (int) battery[i] : 0, charging,
                        occupied ? vehicle[i] : ""));
            }
        }
        if (!endpoint.peerSession(StationAddress.AGENT).isEstablished()) {
            return;
        }
        for (RackSlotState s : out) {
            try {
                endpoint.publish(StationAddress.AGENT, s);
            } catch (Exception e) {
                return;   // bus down: the next report tries again
            }
        }
    }

    @Override
    public void close() {
        timer.cancel();
        endpoint.close();
    }
}

package io.streetstation.agent.journal;

import java.util.Objects;

/**
 * One drone as it reports itself now, for the {@link Reconciler}. The device layer fills it from
 * the vehicle's link health and latest telemetry; with the link down, {@code airborne},
 * {@code armed}, {@code mode} and {@code batteryPercent} are stale and the reconciler ignores them.
 *
 * @param name "drone-2"
 * @param bay its home bay, 1..4
 * @param linkUp its MAVLink link is up and its heartbeat fresh (a docked drone whose bay does not
 *     power it has no link: that is normal)
 * @param airborne armed and above its bay (as {@code DronePort.airborne()})
 * @param armed motors armed
 * @param mode flight mode as the autopilot names it ("RTL", "GUIDED"), "" if unknown
 * @param batteryPercent 0..100, or {@link #UNKNOWN}
 */
public record DroneObservation(String name, int bay, boolean linkUp, boolean airborne, boolean armed, String mode,
                               int batteryPercent) {

    public static final int UNKNOWN = -1;

    public DroneObservation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        if (bay < 1 || bay > 4) {
            throw new IllegalArgumentException(name + ": bay must be 1..4, was " + bay);
        }
        if (batteryPercent != UNKNOWN && (batteryPercent < 0 || batteryPercent > 100)) {
            throw new IllegalArgumentException(name + ": battery must be 0..100 or UNKNOWN, was " + batteryPercent);
        }
    }

    /** Link up, flying. */
    public static DroneObservation flying(String name, int bay, String mode, int batteryPercent) {
        return new DroneObservation(name, bay, true, true, true, mode, batteryPercent);
    }

    /** Link up, on the ground, disarmed. */
    public static DroneObservation grounded(String name, int bay) {
        return new DroneObservation(name, bay, true, false, false, "", UNKNOWN);
    }

    /** No link (unpowered in its bay, or gone). */
    public static DroneObservation silent(String name, int bay) {
        return new DroneObservation(name, bay, false, false, false, "", UNKNOWN);
    }
}

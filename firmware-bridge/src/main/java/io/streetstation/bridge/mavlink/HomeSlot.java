package io.streetstation.bridge.mavlink;

/**
 * ArduPilot keeps the home position at mission seq 0, so a plan's first real item is seq 1. The
 * service hides this: callers always give and get only the real items.
 */
public enum HomeSlot {
    /** Insert/strip the seq-0 home slot if the target's last HEARTBEAT says ArduPilot. */
    AUTO,
    /** Always insert/strip it. */
    ARDUPILOT,
    /** Never: seq 0 is the first real item (PX4 and the spec). */
    NONE
}

package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import java.time.Instant;

/**
 * What we know of one remote component.
 *
 * @param heartbeat its last HEARTBEAT (type, autopilot, base_mode, custom_mode, system_status)
 * @param lastSeen  station time of that heartbeat
 */
public record Peer(ComponentId id, PeerState state, Heartbeat heartbeat, Instant lastSeen) {

    static final int MAV_AUTOPILOT_INVALID = 8;
    static final int MAV_AUTOPILOT_ARDUPILOTMEGA = 3;

    /** An autopilot is recognised by HEARTBEAT.autopilot != MAV_AUTOPILOT_INVALID (never by compid). */
    public boolean isAutopilot() {
        return heartbeat.autopilot() != null && heartbeat.autopilot().value() != MAV_AUTOPILOT_INVALID;
    }

    public boolean isArduPilot() {
        return heartbeat.autopilot() != null && heartbeat.autopilot().value() == MAV_AUTOPILOT_ARDUPILOTMEGA;
    }

    /** MAV_AUTOPILOT entry, or null if the value is unknown to the dialect. */
    public MavAutopilot autopilot() {
        return heartbeat.autopilot() == null ? null : heartbeat.autopilot().entry();
    }
}

package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.common.MavCmd;

/**
 * One mission item in MISSION_ITEM_INT form, without the transfer fields (target, seq, type).
 *
 * @param frame        MAV_FRAME (6 = GLOBAL_RELATIVE_ALT_INT)
 * @param command      MAV_CMD (16 = NAV_WAYPOINT)
 * @param current      1 for the current item (usually 0)
 * @param autocontinue 1 to continue to the next item
 * @param x            latitude × 1e7 (global frames) or x × 1e4 m (local frames)
 * @param y            longitude × 1e7 or y × 1e4 m
 * @param z            altitude, m, in the frame's reference
 */
public record MissionItem(int frame, int command, int current, int autocontinue, float param1, float param2,
                          float param3, float param4, int x, int y, float z) {

    public static final int FRAME_GLOBAL = 0;
    public static final int FRAME_GLOBAL_RELATIVE_ALT_INT = 6;
    public static final int NAV_WAYPOINT = CommandRequest.id(MavCmd.MAV_CMD_NAV_WAYPOINT);

    /** A plain waypoint at a relative altitude. */
    public static MissionItem waypoint(int latE7, int lonE7, float relativeAltM) {
        return new MissionItem(FRAME_GLOBAL_RELATIVE_ALT_INT, NAV_WAYPOINT, 0, 1, 0, 0, 0, 0, latE7, lonE7,
                relativeAltM);
    }

    /** The seq-0 placeholder ArduPilot expects; ArduPilot keeps its own home there. */
    static MissionItem homePlaceholder() {
        return new MissionItem(FRAME_GLOBAL, NAV_WAYPOINT, 0, 1, 0, 0, 0, 0, 0, 0, 0);
    }
}

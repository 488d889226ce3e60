package io.streetstation.bridge.mavlink;

/** MAV_MISSION_TYPE. */
public enum MissionType {
    MISSION(0), FENCE(1), RALLY(2);

    final int code;

    MissionType(int code) {
        this.code = code;
    }
}

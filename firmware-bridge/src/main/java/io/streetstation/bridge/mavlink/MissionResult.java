package io.streetstation.bridge.mavlink;

import java.util.List;

/**
 * How a mission transfer ended.
 *
 * @param items         the real items (download), or those uploaded; never the home slot
 * @param home          the home item ArduPilot reported at seq 0 on download, else null
 * @param homeSlot      whether a seq-0 home slot was inserted (upload) or stripped (download)
 * @param seq           last wire seq handled when it ended (-1 none)
 * @param retries       retries spent on the step that ended it
 * @param missionResult MAV_MISSION_RESULT of the deciding MISSION_ACK, -1 if none
 * @param detail        "vehicle 1/1 upload: …" naming the vehicle, operation, seq and retries
 */
public record MissionResult(ComponentId vehicle, Operation operation, MissionType type, MissionOutcome outcome,
                            List<MissionItem> items, MissionItem home, boolean homeSlot, int seq, int retries,
                            int missionResult, String detail) {

    public enum Operation { UPLOAD, DOWNLOAD, CLEAR }

    public boolean ok() {
        return outcome == MissionOutcome.COMPLETED;
    }
}

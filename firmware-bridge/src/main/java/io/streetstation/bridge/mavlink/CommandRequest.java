package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.util.EnumValue;

/**
 * A MAV_CMD to send. One record serves both forms: COMMAND_LONG sends params 5–7 as floats;
 * COMMAND_INT sends {@code param5}/{@code param6} scaled to integers by {@code frame} (global
 * frames: degrees × 1e7; local frames: metres × 1e4; others: as is) and {@code param7} as z.
 * The form can change on the way when the vehicle answers COMMAND_LONG_ONLY / COMMAND_INT_ONLY.
 *
 * @param useInt send as COMMAND_INT first (use it for anything positional)
 * @param frame  MAV_FRAME for COMMAND_INT (6 = GLOBAL_RELATIVE_ALT_INT)
 */
public record CommandRequest(ComponentId target, int command, float param1, float param2, float param3,
                             float param4, double param5, double param6, float param7, boolean useInt, int frame) {

    /** MAVLink's number for {@code command}, from dronefleet's generated enum rather than a typed-in literal. */
    public static int id(MavCmd command) {
        return EnumValue.of(command).value();
    }

    /** COMMAND_LONG with up to 7 params (missing ones are 0). */
    public static CommandRequest longForm(ComponentId target, int command, float... params) {
        if (params.length > 7) {
            throw new IllegalArgumentException("a command has 7 params, got " + params.length);
        }
        float[] p = java.util.Arrays.copyOf(params, 7);
        return new CommandRequest(target, command, p[0], p[1], p[2], p[3], p[4], p[5], p[6], false, 0);
    }

    /** COMMAND_INT: {@code x}/{@code y} in degrees (global frames) or metres (local frames). */
    public static CommandRequest intForm(ComponentId target, int command, int frame, float param1, float param2,
                                         float param3, float param4, double x, double y, float z) {
        return new CommandRequest(target, command, param1, param2, param3, param4, x, y, z, true, frame);
    }

    int scaledX() {
        return scale(param5);
    }

    int scaledY() {
        return scale(param6);
    }

    private int scale(double v) {
        return switch (frame) {
            case 0, 3, 5, 6, 10, 11 -> (int) Math.round(v * 1e7);   // global frames
            case 1, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 -> (int) Math.round(v * 1e4);
            default -> (int) Math.round(v);
        };
    }
}

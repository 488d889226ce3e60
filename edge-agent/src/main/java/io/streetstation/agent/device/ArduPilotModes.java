package io.streetstation.agent.device;

import io.streetstation.agent.config.StationConfig.VehicleKind;

/** ArduPilot's custom_mode numbers by vehicle (ardupilotmega.xml COPTER_MODE / ROVER_MODE). */
public final class ArduPilotModes {

    private static final String[] COPTER = new String[28];
    private static final String[] ROVER = new String[17];

    static {
        String[][] copter = {{"0", "STABILIZE"}, {"1", "ACRO"}, {"2", "ALT_HOLD"}, {"3", "AUTO"}, {"4", "GUIDED"},
                {"5", "LOITER"}, {"6", "RTL"}, {"7", "CIRCLE"}, {"9", "LAND"}, {"11", "DRIFT"}, {"13", "SPORT"},
                {"14", "FLIP"}, {"15", "AUTOTUNE"}, {"16", "POSHOLD"}, {"17", "BRAKE"}, {"18", "THROW"},
                {"19", "AVOID_ADSB"}, {"20", "GUIDED_NOGPS"}, {"21", "SMART_RTL"}, {"22", "FLOWHOLD"},
                {"23", "FOLLOW"}, {"24", "ZIGZAG"}, {"25", "SYSTEMID"}, {"26", "AUTOROTATE"}, {"27", "AUTO_RTL"}};
        for (String[] m : copter) {
            COPTER[Integer.parseInt(m[0])] = m[1];
        }
        String[][] rover = {{"0", "MANUAL"}, {"1", "ACRO"}, {"3", "STEERING"}, {"4", "HOLD"}, {"5", "LOITER"},
                {"6", "FOLLOW"}, {"7", "SIMPLE"}, {"10", "AUTO"}, {"11", "RTL"}, {"12", "SMART_RTL"},
                {"15", "GUIDED"}, {"16", "INITIALIZING"}};
        for (String[] m : rover) {
            ROVER[Integer.parseInt(m[0])] = m[1];
        }
    }

    private ArduPilotModes() {
    }

    /** The mode's name, or {@code MODE_<n>} for a number this table does not know. */
    public static String name(VehicleKind kind, long customMode) {
        String[] table = kind == VehicleKind.COPTER ? COPTER : ROVER;
        String n = customMode >= 0 && customMode < table.length ? table[(int) customMode] : null;
        return n != null ? n : "MODE_" + customMode;
    }

    /** The custom_mode number for a name, or -1. */
    public static int number(VehicleKind kind, String name) {
        String[] table = kind == VehicleKind.COPTER ? COPTER : ROVER;
        for (int i = 0; i < table.length; i++) {
            if (name.equals(table[i])) {
                return i;
            }
        }
        return -1;
    }
}

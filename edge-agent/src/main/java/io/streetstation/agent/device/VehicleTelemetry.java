package io.streetstation.agent.device;

import java.time.Instant;

/**
 * The latest of what a vehicle reports, in SI units. Fields a vehicle has not reported yet are NaN
 * (numbers) or null.
 *
 * @param mode flight mode name as the autopilot calls it ("GUIDED", "RTL", "HOLD")
 * @param armed motors armed
 * @param systemStatus MAVLink system status (STANDBY, ACTIVE, CRITICAL …)
 * @param lat latitude, degrees
 * @param lon longitude, degrees
 * @param relativeAlt altitude above home, m
 * @param groundSpeed m/s
 * @param batteryPercent remaining battery, %
 * @param batteryVolts pack voltage, V
 * @param gpsFix GPS fix type name (NO_FIX, 3D_FIX, RTK_FIXED …)
 * @param satellites satellites visible
 * @param at when the newest of these values arrived
 * @param missionSeq the mission item the vehicle flies to now (MISSION_CURRENT; ArduPilot: 0 is home), -1 before any
 */
public record VehicleTelemetry(String mode, boolean armed, String systemStatus, double lat, double lon,
                               double relativeAlt, double groundSpeed, double batteryPercent, double batteryVolts,
                               String gpsFix, int satellites, Instant at, int missionSeq) {

    /** Above this, m over its home, an armed vehicle is off the ground. */
    public static final double AIRBORNE_M = 1.0;

    /** Armed and above {@link #AIRBORNE_M} over its home. */
    public boolean airborne() {
        return armed && relativeAlt > AIRBORNE_M;
    }

    static VehicleTelemetry none() {
        return new VehicleTelemetry(null, false, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, null, 0, null, -1);
    }
}

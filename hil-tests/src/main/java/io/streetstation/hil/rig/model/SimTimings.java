package io.streetstation.hil.rig.model;

import java.time.Duration;

/**
 * How the simulated hardware behaves: every figure from the station reference (STATION.md) as a
 * value, so rig files and scenarios can change it.
 *
 * @param roofOpen roof travel closed → open
 * @param roofClose roof travel open → closed
 * @param roofRunCurrentMilliAmps motor current while travelling normally
 * @param roofStallCurrentMilliAmps motor current against a blocked roof
 * @param roofStallDetect how long over-current lasts before the firmware faults the motor (≤ 2 s)
 * @param centring centring bars release or clamp
 * @param droneBoot bay power on → first MAVLink heartbeat
 * @param preflight pre-flight checks (GPS fix, EKF, battery)
 * @param takeoffTo30m takeoff to 30 m
 * @param cruiseSpeed m/s
 * @param dispatchSpeed m/s
 * @param endurance flight time from 100 % in still air
 * @param precisionLanding descent from 10 m onto the bay
 * @param charge20To90 charging 20 % → 90 % (constant current); slower taper above 90 %
 * @param chargerRefuseAbovePercent the charger refuses to start above this battery level
 */
public record SimTimings(
        Duration roofOpen,
        Duration roofClose,
        int roofRunCurrentMilliAmps,
        int roofStallCurrentMilliAmps,
        Duration roofStallDetect,
        Duration centring,
        Duration droneBoot,
        Duration preflight,
        Duration takeoffTo30m,
        double cruiseSpeed,
        double dispatchSpeed,
        Duration endurance,
        Duration precisionLanding,
        Duration charge20To90,
        double chargerRefuseAbovePercent) {

    /** The same hardware with another vehicle's endurance and cruise speed (the patrol robot). */
    public SimTimings withVehicle(Duration vehicleEndurance, double vehicleCruiseSpeed) {
        return new SimTimings(roofOpen, roofClose, roofRunCurrentMilliAmps, roofStallCurrentMilliAmps, roofStallDetect,
                centring, droneBoot, preflight, takeoffTo30m, vehicleCruiseSpeed, dispatchSpeed, vehicleEndurance,
                precisionLanding, charge20To90, chargerRefuseAbovePercent);
    }

    /** The defaults of STATION.md. */
    public static SimTimings defaults() {
        return new SimTimings(Duration.ofSeconds(18), Duration.ofSeconds(20), 2_400, 7_500, Duration.ofMillis(1500),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(10),
                12.0, 15.0, Duration.ofMinutes(32), Duration.ofSeconds(15), Duration.ofMinutes(32), 95.0);
    }
}

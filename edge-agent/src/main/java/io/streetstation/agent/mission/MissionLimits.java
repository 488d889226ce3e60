package io.streetstation.agent.mission;

import java.time.Duration;
import java.util.Objects;

/**
 * What a route must keep to, and the figures its flight time and energy are estimated with. Every
 * figure is a setting (STATION.md): the integrator builds this from the station's configuration;
 * {@link #defaults} gives STATION.md's values. Every limit is the last value allowed.
 *
 * @param home the nest: where routes start and end, the centre of the radius fence, altitude 0
 * @param geofence where drones may fly; its polygon, if any, contains {@code home}
 * @param flight altitudes, speed and the vertical rates for time estimates
 * @param energy endurance and the battery margins
 */
public record MissionLimits(GeoPoint home, Geofence geofence, Flight flight, Energy energy) {

    public MissionLimits {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(geofence, "geofence");
        Objects.requireNonNull(flight, "flight");
        Objects.requireNonNull(energy, "energy");
        if (geofence.polygon().isPresent() && !geofence.polygon().get().contains(home)) {
            throw new IllegalArgumentException("the geofence polygon must contain the nest " + home);
        }
    }

    /**
     * @param minAltitudeM lowest waypoint, m above the nest, 0..500 (default 20: above roofs and trees)
     * @param maxAltitudeM highest waypoint, m above the nest, above the minimum, ≤ 500 (default 120: the
     *     usual legal ceiling)
     * @param maxSpeedMps fastest cruise a route may ask for, m/s, (0, 30] (default 15: dispatch max)
     * @param climbRateMps vertical speed of the take-off climb and of climbs between waypoints, m/s,
     *     (0, 10] (default 3)
     * @param descentRateMps vertical speed down between waypoints and down to the landing height, m/s,
     *     (0, 10] (default 1.5: ArduPilot's WPNAV_SPEED_DN)
     * @param landingFromM height above the nest where the precision landing starts, m, 0..100 (default 10)
     * @param landingTime the precision landing from {@code landingFromM} to the bay, 0..10 min (default 15 s)
     */
    public record Flight(double minAltitudeM, double maxAltitudeM, double maxSpeedMps, double climbRateMps,
                         double descentRateMps, double landingFromM, Duration landingTime) {

        public Flight {
            if (!(minAltitudeM >= 0 && minAltitudeM <= 500)) {
                throw new IllegalArgumentException("minimum altitude must be 0..500 m, was " + minAltitudeM);
            }
            if (!(maxAltitudeM > minAltitudeM && maxAltitudeM <= 500)) {
                throw new IllegalArgumentException("maximum altitude must be above the minimum " + minAltitudeM
                        + " m and ≤ 500 m, was " + maxAltitudeM);
            }
            if (!(maxSpeedMps > 0 && maxSpeedMps <= 30)) {
                throw new IllegalArgumentException("maximum speed must be (0, 30] m/s, was " + maxSpeedMps);
            }
            if (!(climbRateMps > 0 && climbRateMps <= 10)) {
                throw new IllegalArgumentException("climb rate must be (0, 10] m/s, was " + climbRateMps);
            }
            if (!(descentRateMps > 0 && descentRateMps <= 10)) {
                throw new IllegalArgumentException("descent rate must be (0, 10] m/s, was " + descentRateMps);
            }
            if (!(landingFromM >= 0 && landingFromM <= 100)) {
                throw new IllegalArgumentException("landing height must be 0..100 m, was " + landingFromM);
            }
            Objects.requireNonNull(landingTime, "landingTime");
            if (landingTime.isNegative() || landingTime.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("landing time must be 0..10 min, was " + landingTime);
            }
        }

        public static Flight defaults() {
            return new Flight(20, 120, 15, 3, 1.5, 10, Duration.ofSeconds(15));
        }
    }

    /**
     * Linear drain: flying for {@code t} uses {@code t / endurance × 100 × windFactor} percent.
     *
     * @param endurance hover-and-cruise time on a full battery, 1 min..5 h (default 32 min)
     * @param returnReservePercent a route must leave at least this much at landing, %, 0..100
     *     (default 25): the margin for headwind, a go-around and a diversion
     * @param landingFloorPercent what a drone must still have on its bay, %, 0..the reserve (default
     *     15); not a route check — the reserve keeps it — but the figure the relay's "must return now"
     *     prediction works down to
     * @param windFactor extra drain for wind, 1..3 (default 1.0: calm)
     */
    public record Energy(Duration endurance, double returnReservePercent, double landingFloorPercent,
                         double windFactor) {

        public Energy {
            Objects.requireNonNull(endurance, "endurance");
            if (endurance.compareTo(Duration.ofMinutes(1)) < 0 || endurance.compareTo(Duration.ofHours(5)) > 0) {
                throw new IllegalArgumentException("endurance must be 1 min..5 h, was " + endurance);
            }
            if (!(returnReservePercent >= 0 && returnReservePercent <= 100)) {
                throw new IllegalArgumentException("return reserve must be 0..100 %, was " + returnReservePercent);
            }
            if (!(landingFloorPercent >= 0 && landingFloorPercent <= returnReservePercent)) {
                throw new IllegalArgumentException("landing floor must be 0..the return reserve " + returnReservePercent
                        + " %, was " + landingFloorPercent);
            }
            if (!(windFactor >= 1 && windFactor <= 3)) {
                throw new IllegalArgumentException("wind factor must be 1..3, was " + windFactor);
            }
        }

        public static Energy defaults() {
            return new Energy(Duration.ofMinutes(32), 25, 15, 1.0);
        }

        /** Percent of a full battery that {@code seconds} of flight use; the one formula all estimates use. */
        public double percentFor(double seconds) {
            return seconds / (endurance.toNanos() / 1e9) * 100 * windFactor;
        }
    }

    /** STATION.md's figures around a nest, with a radius fence. */
    public static MissionLimits defaults(GeoPoint home, double geofenceRadiusM) {
        return new MissionLimits(home, Geofence.radius(geofenceRadiusM), Flight.defaults(), Energy.defaults());
    }

    public MissionLimits withGeofence(Geofence fence) {
        return new MissionLimits(home, fence, flight, energy);
    }

    public MissionLimits withFlight(Flight f) {
        return new MissionLimits(home, geofence, f, energy);
    }

    public MissionLimits withEnergy(Energy e) {
        return new MissionLimits(home, geofence, flight, e);
    }

    /** Whether {@code p} is inside the geofence: within the radius and inside the polygon, if any. */
    public boolean insideGeofence(GeoPoint p) {
        return home.distanceTo(p) <= geofence.maxRadiusM()
                && geofence.polygon().map(poly -> poly.contains(p)).orElse(true);
    }

    /**
     * Whether the straight leg between two points inside the geofence stays inside: only the
     * polygon can be left between two inside ends (the radius fence is convex).
     */
    public boolean legInsideGeofence(GeoPoint a, GeoPoint b) {
        return geofence.polygon().map(poly -> poly.containsLeg(a, b)).orElse(true);
    }
}

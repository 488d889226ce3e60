package io.streetstation.agent.mission;

import java.util.Objects;

/**
 * One point of a route. Whether it is inside the geofence and at an allowed altitude is the
 * {@link RouteValidator}'s question, not this record's.
 *
 * @param point where
 * @param altitudeM height above the nest (MAVLink's relative-altitude frame), m, finite
 * @param loiterS time to hold at the point, s, 0..{@value #MAX_LOITER_S}; 0 = fly through
 */
public record Waypoint(GeoPoint point, double altitudeM, double loiterS) {

    public static final double MAX_LOITER_S = 3600;

    public Waypoint {
        Objects.requireNonNull(point, "point");
        if (!Double.isFinite(altitudeM)) {
            throw new IllegalArgumentException("waypoint altitude must be finite, was " + altitudeM);
        }
        if (!(loiterS >= 0 && loiterS <= MAX_LOITER_S)) {
            throw new IllegalArgumentException("loiter must be 0.." + (int) MAX_LOITER_S + " s, was " + loiterS);
        }
        altitudeM += 0.0;
        loiterS += 0.0;
    }

    /** A waypoint flown through without stopping. */
    public static Waypoint passThrough(GeoPoint point, double altitudeM) {
        return new Waypoint(point, altitudeM, 0);
    }
}

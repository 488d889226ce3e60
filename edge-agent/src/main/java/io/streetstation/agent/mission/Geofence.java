package io.streetstation.agent.mission;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where drones may fly: within a radius of the nest, and, when one is given, inside a polygon as
 * well (both must hold). The radius fence is convex, so a leg between two waypoints inside it stays
 * inside; the polygon may be concave, so legs are checked against it on their own.
 *
 * @param maxRadiusM farthest a waypoint may be from the nest, m, 1..{@value #MAX_RADIUS_M}; the
 *     value itself is allowed
 * @param polygon an optional second fence; it must contain the nest
 */
public record Geofence(double maxRadiusM, Optional<GeoPolygon> polygon) {

    /** City scale: the flat frames used for polygons and grids are good to well within this, m. */
    public static final double MAX_RADIUS_M = 20_000;

    public Geofence {
        if (!(maxRadiusM >= 1 && maxRadiusM <= MAX_RADIUS_M)) {
            throw new IllegalArgumentException("geofence radius must be 1.." + (int) MAX_RADIUS_M + " m, was " + maxRadiusM);
        }
        Objects.requireNonNull(polygon, "polygon");
    }

    /** A radius fence alone. */
    public static Geofence radius(double maxRadiusM) {
        return new Geofence(maxRadiusM, Optional.empty());
    }

    /** This radius and a polygon as well. */
    public Geofence withPolygon(List<GeoPoint> vertices) {
        return new Geofence(maxRadiusM, Optional.of(new GeoPolygon(vertices)));
    }
}

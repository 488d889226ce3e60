package io.streetstation.agent.mission;

/**
 * How a planned hotspot patrol flies: the same for every waypoint the planner makes.
 *
 * @param routeId the planned route's id (see {@link Route#id()})
 * @param altitudeM patrol height above the nest, m; must be within the limits' altitudes
 * @param speedMps cruise speed, m/s, > 0; must not exceed the limits' maximum
 * @param loiterS hold over each visited cell, s, 0..3600 (time to look, and what the budget pays per cell)
 * @param captureIntervalS one photo every this many seconds, 0..3600; 0 = no capture
 */
public record PatrolSettings(String routeId, double altitudeM, double speedMps, double loiterS,
                             double captureIntervalS) {

    public PatrolSettings {
        Route.checkId(routeId);
        // the same shape rules as a route and its waypoints
        new Waypoint(new GeoPoint(0, 0), altitudeM, loiterS);
        if (!(speedMps > 0 && Double.isFinite(speedMps))) {
            throw new IllegalArgumentException("patrol speed must be a finite > 0 m/s, was " + speedMps);
        }
        if (!(captureIntervalS >= 0 && captureIntervalS <= 3600)) {
            throw new IllegalArgumentException("capture interval must be 0..3600 s, was " + captureIntervalS);
        }
    }

    /** 60 m, STATION.md's cruise 12 m/s, 20 s over each cell, a photo every 2 s. */
    public static PatrolSettings defaults(String routeId) {
        return new PatrolSettings(routeId, 60, 12, 20, 2);
    }
}

package io.streetstation.agent.mission;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A patrol route as central sends it or the {@link HotspotPlanner} makes it: it starts and ends at
 * the nest, which is not a waypoint. The constructor checks shape only; whether the route may be
 * flown from this nest with this battery is {@link RouteValidator#check}'s answer.
 *
 * @param id names the route in replies and logs, 1..40 of {@code [a-z0-9_-]}
 * @param waypoints in flying order, 1..{@value #MAX_WAYPOINTS} (a mission stays well inside the
 *     vehicles' item limits)
 * @param cruiseSpeedMps ground speed between waypoints, m/s, > 0
 * @param captureIntervalS one photo every this many seconds while on the route, s, 0..3600; 0 = no capture
 */
public record Route(String id, List<Waypoint> waypoints, double cruiseSpeedMps, double captureIntervalS) {

    public static final int MAX_WAYPOINTS = 200;
    private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,40}");

    public Route {
        checkId(id);
        waypoints = List.copyOf(Objects.requireNonNull(waypoints, "waypoints"));
        if (waypoints.isEmpty() || waypoints.size() > MAX_WAYPOINTS) {
            throw new IllegalArgumentException("route " + id + ": 1.." + MAX_WAYPOINTS + " waypoints, had "
                    + waypoints.size());
        }
        if (!(cruiseSpeedMps > 0 && Double.isFinite(cruiseSpeedMps))) {
            throw new IllegalArgumentException("route " + id + ": cruise speed must be a finite > 0 m/s, was "
                    + cruiseSpeedMps);
        }
        if (!(captureIntervalS >= 0 && captureIntervalS <= 3600)) {
            throw new IllegalArgumentException("route " + id + ": capture interval must be 0..3600 s, was "
                    + captureIntervalS);
        }
        captureIntervalS += 0.0;
    }

    /** Throws unless {@code id} is 1..40 of {@code [a-z0-9_-]}. */
    static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a route id is 1..40 of a-z, 0-9, '-' and '_', was '" + id + "'");
        }
    }

    /**
     * The rest of this route from {@code waypointIndex} on, same id and settings: what a relay's
     * second drone flies when it takes over a route the first was flying to that waypoint. A fresh
     * mission made of it starts with the speed and camera items, which a mission merely set to a
     * later current item would skip (see {@link MissionItems}).
     *
     * @param waypointIndex 0..size-1
     */
    public Route remainingFrom(int waypointIndex) {
        Objects.checkIndex(waypointIndex, waypoints.size());
        return new Route(id, waypoints.subList(waypointIndex, waypoints.size()), cruiseSpeedMps, captureIntervalS);
    }
}

package io.streetstation.agent.ops;

import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.mission.MissionItems;
import io.streetstation.agent.mission.Route;
import io.streetstation.agent.mission.Waypoint;
import io.streetstation.bridge.mavlink.MissionItem;
import java.util.List;
import java.util.Objects;

/**
 * A patrol flown round and round until the drone is recalled: a {@link Route} as a closed loop
 * ({@link MissionItems#loop}). A drone may join it at any waypoint — a relay hand-over joins where
 * the airborne drone is heading — so the mission it gets is the loop rotated to start there, with
 * the speed and camera items first.
 */
public record PatrolRoute(Route route) {

    public PatrolRoute {
        Objects.requireNonNull(route, "route");
        if (route.waypoints().size() < 2) {
            throw new IllegalArgumentException("route " + route.id() + ": a patrol loop needs at least 2 waypoints");
        }
    }

    /** Waypoints at one altitude, passed through, no camera: the plain loop. */
    public static PatrolRoute of(String id, List<GeoPoint> points, double altitudeM, double speedMs) {
        return new PatrolRoute(new Route(id, points.stream().map(p -> Waypoint.passThrough(p, altitudeM)).toList(), speedMs, 0));
    }

    /** A route of the station file (or of central's schedule) as a loop. */
    public static PatrolRoute of(String id, io.streetstation.agent.config.OperationsSettings.RouteSpec spec) {
        return new PatrolRoute(new Route(id, spec.waypoints().stream()
                .map(p -> Waypoint.passThrough(new GeoPoint(p.lat(), p.lon()), spec.altitude())).toList(),
                spec.speed(), spec.captureInterval()));
    }

    public String id() {
        return route.id();
    }

    public double speedMs() {
        return route.cruiseSpeedMps();
    }

    public int size() {
        return route.waypoints().size();
    }

    /** The loop joined at waypoint {@code first} (0-based). */
    public List<MissionItem> missionFrom(int first) {
        return MissionItems.loop(route, first);
    }

    /** Index of the first waypoint item in {@link #missionFrom}'s list. */
    public int firstWaypointItem() {
        return MissionItems.firstWaypointItem(route);
    }

    /** The route waypoint a drone that joined at {@code first} flies to at mission item {@code item}, -1 outside the loop. */
    public int waypointAt(int first, int item) {
        int f = firstWaypointItem();
        int n = size();
        if (item < f || item >= f + n) {
            return -1;
        }
        return (first + item - f) % n;
    }

    /** Farthest waypoint from {@code home}, m: the longest way out to join the loop. */
    public double farthestFrom(GeoPoint home) {
        return route.waypoints().stream().mapToDouble(w -> home.distanceTo(w.point())).max().orElse(0);
    }
}

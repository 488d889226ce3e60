package io.streetstation.agent.ops;

import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.bridge.mavlink.MissionItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A patrol flown round and round until the drone is recalled: the route's waypoints as a closed
 * loop. A drone may join it at any waypoint (a relay hand-over joins where the airborne drone is
 * heading), so the mission it gets is the loop rotated to start there.
 *
 * <pre>
 * item 0          DO_CHANGE_SPEED (ground speed, m/s)
 * item 1..n       NAV_WAYPOINT, waypoints k, k+1, …, n-1, 0, …, k-1 (at altitude, relative to home)
 * item n+1        DO_JUMP to item 1, repeat forever
 * </pre>
 *
 * @param id route id ("riverside")
 * @param waypoints 2..200 points
 * @param altitudeM above home, m
 * @param speedMs ground speed, m/s
 */
public record PatrolRoute(String id, List<GeoPoint> waypoints, double altitudeM, double speedMs) {

    private static final int MAV_CMD_DO_CHANGE_SPEED = 178;
    private static final int MAV_CMD_DO_JUMP = 177;
    /** Items before the first waypoint. */
    public static final int FIRST_WAYPOINT_ITEM = 0 + 1;
    private static final double EARTH_M = 6_371_000;

    public PatrolRoute {
        Objects.requireNonNull(id, "id");
        waypoints = List.copyOf(waypoints);
        if (waypoints.size() < 2 || waypoints.size() > 200) {
            throw new IllegalArgumentException("route " + id + ": 2..200 waypoints, was " + waypoints.size());
        }
        if (!(altitudeM > 0) || !(speedMs > 0)) {
            throw new IllegalArgumentException("route " + id + ": altitude and speed must be positive");
        }
    }

    /** The loop joined at waypoint {@code first} (0-based). */
    public List<MissionItem> missionFrom(int first) {
        int n = waypoints.size();
        if (first < 0 || first >= n) {
            throw new IllegalArgumentException("route " + id + " has waypoints 0.." + (n - 1) + ", not " + first);
        }
        List<MissionItem> items = new ArrayList<>();
        items.add(new MissionItem(MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, MAV_CMD_DO_CHANGE_SPEED, 0, 1, 1,
                (float) speedMs, -1, 0, 0, 0, 0));
        for (int i = 0; i < n; i++) {
            GeoPoint p = waypoints.get((first + i) % n);
            items.add(MissionItem.waypoint((int) Math.round(p.lat() * 1e7), (int) Math.round(p.lon() * 1e7), (float) altitudeM));
        }
        // DO_JUMP's target is a wire seq: item 1 here is seq 2 on ArduPilot (seq 0 is home); jump to the first waypoint
        items.add(new MissionItem(MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, MAV_CMD_DO_JUMP, 0, 1,
                FIRST_WAYPOINT_ITEM + 1, -1, 0, 0, 0, 0, 0));
        return items;
    }

    /** The route waypoint a drone that joined at {@code first} flies to at mission item {@code item}, -1 outside the loop. */
    public int waypointAt(int first, int item) {
        int n = waypoints.size();
        if (item < FIRST_WAYPOINT_ITEM || item >= FIRST_WAYPOINT_ITEM + n) {
            return -1;
        }
        return (first + item - FIRST_WAYPOINT_ITEM) % n;
    }

    /** Farthest waypoint from {@code home}, m: the longest way out to join the loop. */
    public double farthestFrom(GeoPoint home) {
        return waypoints.stream().mapToDouble(p -> metres(home, p)).max().orElse(0);
    }

    /** Flat-earth distance, m (city scale). */
    static double metres(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon()) * Math.cos(Math.toRadians((a.lat() + b.lat()) / 2));
        return EARTH_M * Math.hypot(dLat, dLon);
    }
}

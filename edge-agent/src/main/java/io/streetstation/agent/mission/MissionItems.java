package io.streetstation.agent.mission;

import io.dronefleet.mavlink.common.MavCmd;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.MissionItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A route as the bridge's mission items, ready for {@code MissionService.upload}. With {@code n}
 * waypoints and capture on, the list is:
 * <pre>
 *   index  command                     params
 *   0      DO_CHANGE_SPEED (178)       1 ground speed, speed m/s, -1 throttle unchanged, 0 absolute
 *   1      IMAGE_START_CAPTURE (2000)  0 all cameras, interval s, 0 images = until stopped, 0
 *   2..    NAV_WAYPOINT (16)           0 hold                           one per waypoint, lat/lon ×1e7,
 *          or NAV_LOITER_TIME (19)     loiter s (when the waypoint's loiter &gt; 0)   relative altitude m
 *   n+2    IMAGE_STOP_CAPTURE (2001)   0 all cameras
 *   n+3    NAV_RETURN_TO_LAUNCH (20)
 * </pre>
 * With capture off the two camera items are left out and the waypoints start at index 1.
 * Waypoints use frame 6 (GLOBAL_RELATIVE_ALT_INT: altitude above home, which is the nest); the
 * other items frame 2 (MISSION), as QGroundControl writes them; every item autocontinues and none is
 * marked current.
 *
 * <p>Camera: IMAGE_START_CAPTURE (by time) rather than DO_SET_CAM_TRIGG_DIST (by distance), because
 * a patrol loiters over its hotspots and a distance trigger takes no photo while the drone hovers;
 * it is also the MAVLink camera protocol the station's payloads speak (STATION.md).
 *
 * <p>Sequence numbers: {@code MissionService.upload} puts ArduPilot's home slot at seq 0 itself
 * ({@code HomeSlot.AUTO}, when the vehicle's heartbeat says ArduPilot), so on ArduPilot the item at
 * index {@code i} here is the vehicle's seq {@code i + 1} (what MISSION_CURRENT reports); on PX4
 * ({@code HomeSlot.NONE}) seq equals index. {@code MissionResult.homeSlot()} says which applied.
 *
 * <p>The mission has no take-off item: the launch job takes off in GUIDED and then switches to
 * AUTO. Hand-over: starting a second drone at a later item with MISSION_SET_CURRENT would skip the
 * speed and camera items at the top; upload {@code of(route.remainingFrom(w))} instead, with
 * {@code w} from {@link #waypointIndexOf} of the first drone's current item.
 */
public final class MissionItems {

    public static final int FRAME_MISSION = 2;
    public static final int NAV_WAYPOINT = MissionItem.NAV_WAYPOINT;
    public static final int NAV_LOITER_TIME = CommandRequest.id(MavCmd.MAV_CMD_NAV_LOITER_TIME);
    public static final int NAV_RETURN_TO_LAUNCH = CommandRequest.id(MavCmd.MAV_CMD_NAV_RETURN_TO_LAUNCH);
    public static final int DO_CHANGE_SPEED = CommandRequest.id(MavCmd.MAV_CMD_DO_CHANGE_SPEED);
    public static final int DO_JUMP = CommandRequest.id(MavCmd.MAV_CMD_DO_JUMP);
    public static final int IMAGE_START_CAPTURE = CommandRequest.id(MavCmd.MAV_CMD_IMAGE_START_CAPTURE);
    public static final int IMAGE_STOP_CAPTURE = CommandRequest.id(MavCmd.MAV_CMD_IMAGE_STOP_CAPTURE);

    private MissionItems() {
    }

    /** The mission for {@code route}, laid out as in the class doc. */
    public static List<MissionItem> of(Route route) {
        Objects.requireNonNull(route, "route");
        boolean capture = capture(route);
        List<MissionItem> items = new ArrayList<>(route.waypoints().size() + 4);
        items.add(command(DO_CHANGE_SPEED, 1, (float) route.cruiseSpeedMps(), -1, 0));
        if (capture) {
            items.add(command(IMAGE_START_CAPTURE, 0, (float) route.captureIntervalS(), 0, 0));
        }
        for (Waypoint w : route.waypoints()) {
            int lat = (int) Math.round(w.point().lat() * 1e7);
            int lon = (int) Math.round(w.point().lon() * 1e7);
            float alt = (float) w.altitudeM();
            items.add(w.loiterS() > 0
                    ? new MissionItem(MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, NAV_LOITER_TIME, 0, 1,
                            (float) w.loiterS(), 0, 0, 0, lat, lon, alt)
                    : MissionItem.waypoint(lat, lon, alt));
        }
        if (capture) {
            items.add(command(IMAGE_STOP_CAPTURE, 0, 0, 0, 0));
        }
        items.add(command(NAV_RETURN_TO_LAUNCH, 0, 0, 0, 0));
        return List.copyOf(items);
    }

    /** The index in {@link #of}'s list of waypoint {@code waypointIndex} (0..size-1) of {@code route}. */
    public static int itemIndexOf(Route route, int waypointIndex) {
        Objects.checkIndex(waypointIndex, route.waypoints().size());
        return firstWaypointItem(route) + waypointIndex;
    }

    /**
     * The waypoint the vehicle is on its way to (or holding at) while item {@code itemIndex} of
     * {@link #of}'s list is current: the inverse of {@link #itemIndexOf} on waypoint items; 0 for
     * the speed and camera items before the first waypoint; {@code size} (no waypoint left: on the
     * way home) for the items after the last.
     *
     * @param itemIndex 0..items-1 (on ArduPilot, the vehicle's seq − 1)
     */
    public static int waypointIndexOf(Route route, int itemIndex) {
        int count = route.waypoints().size() + (capture(route) ? 4 : 2);
        Objects.checkIndex(itemIndex, count);
        int w = itemIndex - firstWaypointItem(route);
        return Math.max(0, Math.min(w, route.waypoints().size()));
    }

    /**
     * The route as an endless loop joined at waypoint {@code joinAt} — what a patrol or a relay
     * flies until the station recalls the drone (a loop never lands by itself: the station lands it
     * through its roof and corridor):
     * <pre>
     *   0       DO_CHANGE_SPEED
     *   (1)     IMAGE_START_CAPTURE, when the route captures
     *   f..     the waypoints joinAt, joinAt+1, …, n-1, 0, …, joinAt-1 (NAV_WAYPOINT / NAV_LOITER_TIME)
     *   f+n     DO_JUMP (177) to item f, repeat -1 (for ever)
     * </pre>
     * with f = {@link #firstWaypointItem(Route)}. DO_JUMP's param1 here is the item's <em>index in
     * this list</em>; the drone's port maps it to the vehicle's sequence number (ArduPilot: + 1, its
     * home is seq 0).
     */
    public static List<MissionItem> loop(Route route, int joinAt) {
        Objects.checkIndex(joinAt, route.waypoints().size());
        List<MissionItem> one = of(route);
        int f = firstWaypointItem(route);
        int n = route.waypoints().size();
        List<MissionItem> items = new ArrayList<>(one.subList(0, f));
        for (int i = 0; i < n; i++) {
            items.add(one.get(f + (joinAt + i) % n));
        }
        items.add(command(DO_JUMP, f, -1, 0, 0));
        return List.copyOf(items);
    }

    /** Index of the first waypoint item in {@link #of}'s and {@link #loop}'s lists: 1, or 2 when the route captures. */
    public static int firstWaypointItem(Route route) {
        return capture(route) ? 2 : 1;
    }

    private static boolean capture(Route route) {
        return route.captureIntervalS() > 0;
    }

    private static MissionItem command(int command, float p1, float p2, float p3, float p4) {
        return new MissionItem(FRAME_MISSION, command, 0, 1, p1, p2, p3, p4, 0, 0, 0);
    }
}

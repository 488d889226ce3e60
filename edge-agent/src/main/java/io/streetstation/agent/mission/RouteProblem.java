package io.streetstation.agent.mission;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reason a route may not be flown, as a value for the uplink's rejection and the CLI.
 *
 * @param code stable, for machines: {@code route.} and lower-case hyphenated words, e.g.
 *     {@code route.outside-geofence}; the constants below are all the codes there are
 * @param waypoint the waypoint it is about (0-based, the index in {@link Route#waypoints()}); for
 *     a leg, the waypoint the leg flies to, or the last waypoint for the leg home; -1 for the route
 *     as a whole
 * @param words for people, with the numbers: "waypoint 3 is 2,140 m from the nest, the geofence is 1,500 m"
 */
public record RouteProblem(String code, int waypoint, String words) {

    public static final String OUTSIDE_GEOFENCE = "route.outside-geofence";
    public static final String LEG_OUTSIDE_GEOFENCE = "route.leg-outside-geofence";
    public static final String ALTITUDE_TOO_LOW = "route.altitude-too-low";
    public static final String ALTITUDE_TOO_HIGH = "route.altitude-too-high";
    public static final String SPEED_TOO_HIGH = "route.speed-too-high";
    public static final String BEYOND_ENDURANCE = "route.beyond-endurance";

    private static final Pattern CODE = Pattern.compile("route\\.[a-z]+(-[a-z]+)*");

    public RouteProblem {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a route problem code is 'route.' and hyphenated lower-case words, was '"
                    + code + "'");
        }
        if (waypoint < -1) {
            throw new IllegalArgumentException("waypoint is an index or -1, was " + waypoint);
        }
        Objects.requireNonNull(words, "words");
    }

    @Override
    public String toString() {
        return code + ": " + words;
    }
}

package io.streetstation.agent.mission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a route may be flown from this nest now, with every problem at once so central can fix
 * them in one go; and the flight-time estimate behind the endurance check, which the relay and
 * dispatch use on their own.
 *
 * <p>The time model, at the route's cruise speed:
 * <pre>
 *   climb      first waypoint's altitude / climb rate      (vertical, over the nest)
 *   out leg    nest → first waypoint, horizontal / speed
 *   legs       max(horizontal / speed, |Δaltitude| / climb or descent rate), each
 *   loiters    each waypoint's hold
 *   return     last waypoint → nest, horizontal / speed, at the last altitude
 *   descent    (last altitude − landing height) / descent rate, if above it
 *   landing    the precision landing's time
 * </pre>
 * Battery used = time / endurance × 100 × wind factor (linear drain, STATION.md). Accelerations,
 * turns and the take-off's own climb to the launch altitude are not modelled; the return reserve
 * covers them. The route is feasible when battery − used ≥ reserve (to 1e-9 %, so a route planned
 * to the limit passes).
 */
public final class RouteValidator {

    /** Slack on the energy comparison, %: float sums of the same legs in another order differ by ~1e-13. */
    static final double PERCENT_SLACK = 1e-9;

    private RouteValidator() {
    }

    /**
     * Every problem with flying {@code route} under {@code limits} from a battery at
     * {@code batteryPercent}; empty when it may fly.
     *
     * @param batteryPercent the drone's charge at launch, %, 0..100
     */
    public static List<RouteProblem> check(Route route, MissionLimits limits, double batteryPercent) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(limits, "limits");
        if (!(batteryPercent >= 0 && batteryPercent <= 100)) {
            throw new IllegalArgumentException("battery must be 0..100 %, was " + batteryPercent);
        }
        List<RouteProblem> problems = new ArrayList<>();
        List<Waypoint> wps = route.waypoints();
        MissionLimits.Flight flight = limits.flight();
        double radius = limits.geofence().maxRadiusM();
        boolean[] inPolygon = new boolean[wps.size()];
        for (int i = 0; i < wps.size(); i++) {
            Waypoint w = wps.get(i);
            double d = limits.home().distanceTo(w.point());
            if (d > radius) {
                problems.add(new RouteProblem(RouteProblem.OUTSIDE_GEOFENCE, i, "waypoint " + i + " is "
                        + Words.num(d, radius) + " m from the nest, the geofence is " + Words.num(radius) + " m"));
            }
            inPolygon[i] = limits.geofence().polygon().map(p -> p.contains(w.point())).orElse(true);
            if (!inPolygon[i]) {
                problems.add(new RouteProblem(RouteProblem.OUTSIDE_GEOFENCE, i, "waypoint " + i
                        + " is outside the geofence polygon"));
            }
            if (w.altitudeM() < flight.minAltitudeM()) {
                problems.add(new RouteProblem(RouteProblem.ALTITUDE_TOO_LOW, i, "waypoint " + i + " is at "
                        + Words.num(w.altitudeM(), flight.minAltitudeM()) + " m, the lowest allowed is "
                        + Words.num(flight.minAltitudeM()) + " m"));
            }
            if (w.altitudeM() > flight.maxAltitudeM()) {
                problems.add(new RouteProblem(RouteProblem.ALTITUDE_TOO_HIGH, i, "waypoint " + i + " is at "
                        + Words.num(w.altitudeM(), flight.maxAltitudeM()) + " m, the highest allowed is "
                        + Words.num(flight.maxAltitudeM()) + " m"));
            }
        }
        if (limits.geofence().polygon().isPresent()) {
            // leg k flies to waypoint k; leg n is the way home from the last waypoint
            for (int k = 0; k <= wps.size(); k++) {
                boolean fromHome = k == 0;
                boolean toHome = k == wps.size();
                boolean endsInside = (fromHome || inPolygon[k - 1]) && (toHome || inPolygon[k]);
                GeoPoint a = fromHome ? limits.home() : wps.get(k - 1).point();
                GeoPoint b = toHome ? limits.home() : wps.get(k).point();
                if (endsInside && !limits.legInsideGeofence(a, b)) {
                    String from = fromHome ? "the nest" : "waypoint " + (k - 1);
                    String to = toHome ? "the nest" : "waypoint " + k;
                    problems.add(new RouteProblem(RouteProblem.LEG_OUTSIDE_GEOFENCE, toHome ? k - 1 : k,
                            "the leg from " + from + " to " + to + " leaves the geofence polygon"));
                }
            }
        }
        if (route.cruiseSpeedMps() > flight.maxSpeedMps()) {
            problems.add(new RouteProblem(RouteProblem.SPEED_TOO_HIGH, -1, "cruise speed "
                    + Words.num(route.cruiseSpeedMps(), flight.maxSpeedMps()) + " m/s, the fastest allowed is "
                    + Words.num(flight.maxSpeedMps()) + " m/s"));
        }
        RouteEstimate e = estimate(route, limits);
        double reserve = limits.energy().returnReservePercent();
        if (e.percentLeft(batteryPercent) < reserve - PERCENT_SLACK) {
            problems.add(new RouteProblem(RouteProblem.BEYOND_ENDURANCE, -1, String.format(Locale.ROOT,
                    "the route takes %s and %.1f %% of a charge (wind factor %.2f); from %.1f %% it would land with "
                            + "%.1f %%, the return reserve is %.1f %%",
                    Words.duration(e.duration()), e.percentUsed(), limits.energy().windFactor(), batteryPercent,
                    e.percentLeft(batteryPercent), reserve)));
        }
        return List.copyOf(problems);
    }

    /** Flight time, distance and battery use of {@code route} from and back to the nest (class doc's model). */
    public static RouteEstimate estimate(Route route, MissionLimits limits) {
        MissionLimits.Flight f = limits.flight();
        double speed = route.cruiseSpeedMps();
        List<Waypoint> wps = route.waypoints();
        List<Duration> arrivals = new ArrayList<>(wps.size());
        Waypoint first = wps.get(0);
        double t = Math.max(0, first.altitudeM()) / f.climbRateMps();
        double distance = 0;
        GeoPoint at = limits.home();
        double altitude = first.altitudeM();
        for (Waypoint w : wps) {
            double h = at.distanceTo(w.point());
            double dz = w.altitudeM() - altitude;
            double vertical = dz >= 0 ? dz / f.climbRateMps() : -dz / f.descentRateMps();
            t += Math.max(h / speed, vertical);
            distance += h;
            arrivals.add(seconds(t));
            t += w.loiterS();
            at = w.point();
            altitude = w.altitudeM();
        }
        double back = at.distanceTo(limits.home());
        t += back / speed;
        distance += back;
        t += Math.max(0, altitude - f.landingFromM()) / f.descentRateMps();
        t += f.landingTime().toNanos() / 1e9;
        return new RouteEstimate(seconds(t), distance, limits.energy().percentFor(t), arrivals);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}

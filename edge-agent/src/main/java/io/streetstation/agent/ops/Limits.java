package io.streetstation.agent.ops;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.mission.Geofence;
import io.streetstation.agent.mission.MissionLimits;
import io.streetstation.agent.mission.Route;
import io.streetstation.agent.mission.RouteProblem;
import io.streetstation.agent.mission.RouteValidator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The station's settings as the mission package's limits, and the checks routes get before they fly. */
public final class Limits {

    private Limits() {
    }

    /** Empty when the site is not configured (a geofence needs a centre). */
    public static Optional<MissionLimits> of(OperationsSettings s) {
        OperationsSettings.Flight f = s.flight();
        if (Double.isNaN(f.siteLat())) {
            return Optional.empty();
        }
        MissionLimits d = MissionLimits.defaults(new GeoPoint(f.siteLat(), f.siteLon()), f.geofenceRadius());
        MissionLimits.Flight df = d.flight();
        MissionLimits.Energy de = d.energy();
        return Optional.of(d.withFlight(new MissionLimits.Flight(df.minAltitudeM(), df.maxAltitudeM(), f.dispatchSpeed(),
                        df.climbRateMps(), df.descentRateMps(), df.landingFromM(), df.landingTime()))
                .withEnergy(new MissionLimits.Energy(f.endurance(), f.returnReservePercent(),
                        Math.min(de.landingFloorPercent(), f.returnReservePercent()), de.windFactor())));
    }

    /**
     * Why {@code route} may not be patrolled, in words, or empty: the geofence, the altitudes, the
     * speed, and one round of it (out, round, home) on a full battery within the reserve.
     */
    public static Optional<String> problems(Route route, OperationsSettings s) {
        Optional<MissionLimits> limits = of(s);
        if (limits.isEmpty()) {
            return Optional.of("the station's site (operations.flight.site-lat/site-lon) is not configured: "
                    + "no route can be checked against the geofence");
        }
        List<RouteProblem> p = RouteValidator.check(route, limits.get(), 100);
        return p.isEmpty() ? Optional.empty()
                : Optional.of(p.stream().map(RouteProblem::toString).collect(Collectors.joining("; ")));
    }

    /** Why {@code at} is out of reach (outside the geofence), or empty. */
    public static Optional<String> outside(GeoPoint at, OperationsSettings s) {
        return of(s).filter(l -> !l.insideGeofence(at)).map(l -> String.format(java.util.Locale.ROOT,
                "%.6f, %.6f is %.0f m from the site, outside the %.0f m geofence", at.lat(), at.lon(),
                l.home().distanceTo(at), s.flight().geofenceRadius()));
    }
}

package io.streetstation.hil.scenario;

import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.ops.PatrolRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The patrol loop the scenarios and the station benchmark fly: five waypoints 300..540 m around
 * the rig's nest (36.8131 N, 118.0548 E), 1.9 km round, at 40 m.
 */
public final class Routes {

    public static final double LAT = 36.8131;
    public static final double LON = 118.0548;
    private static final double[][] NORTH_EAST_M = {{400, 300}, {400, -300}, {-200, -500}, {-400, 0}, {-200, 450}};

    private Routes() {
    }

    public static List<GeoPoint> ringRoadPoints() {
        double dLat = 1 / 111_320.0;
        double dLon = 1 / (111_320.0 * Math.cos(Math.toRadians(LAT)));
        List<GeoPoint> out = new ArrayList<>();
        for (double[] p : NORTH_EAST_M) {
            out.add(new GeoPoint(LAT + p[0] * dLat, LON + p[1] * dLon));
        }
        return out;
    }

    public static PatrolRoute ringRoad() {
        return PatrolRoute.of("ring-road", ringRoadPoints(), 40, 12);
    }

    /** The waypoints as central's {@code [[lat, lon], …]}. */
    public static String ringRoadJson() {
        return ringRoadPoints().stream().map(p -> String.format(Locale.ROOT, "[%.7f, %.7f]", p.lat(), p.lon())).toList().toString();
    }
}

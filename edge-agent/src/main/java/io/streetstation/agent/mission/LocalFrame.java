package io.streetstation.agent.mission;

import java.util.Objects;

/**
 * A flat map around an origin: metres east and north, and back. Equirectangular (longitude scaled
 * by the cosine of the origin's latitude): within 10 km of the origin at mid latitudes the scale
 * error is below 0.2 %, fine for a city's geofences and hotspot grids, wrong for anything
 * continental. Longitude differences wrap, so a frame works across the antimeridian.
 *
 * @param origin the point at (0, 0); its latitude within ±85° (the scale degenerates at the poles)
 */
public record LocalFrame(GeoPoint origin) {

    private static final double M_PER_DEGREE = GeoPoint.EARTH_RADIUS_M * Math.PI / 180;

    public LocalFrame {
        Objects.requireNonNull(origin, "origin");
        if (Math.abs(origin.lat()) > 85) {
            throw new IllegalArgumentException("a local frame's origin lies within ±85° latitude, was " + origin.lat());
        }
    }

    public LocalPoint toLocal(GeoPoint p) {
        double north = (p.lat() - origin.lat()) * M_PER_DEGREE;
        double east = wrap(p.lon() - origin.lon()) * M_PER_DEGREE * cosOrigin();
        return new LocalPoint(east, north);
    }

    public GeoPoint toGeo(LocalPoint p) {
        return toGeo(p.eastM(), p.northM());
    }

    /** The position {@code eastM} east and {@code northM} north of the origin. */
    public GeoPoint toGeo(double eastM, double northM) {
        double lat = origin.lat() + northM / M_PER_DEGREE;
        double lon = wrap(origin.lon() + eastM / (M_PER_DEGREE * cosOrigin()));
        return new GeoPoint(lat, lon);
    }

    private double cosOrigin() {
        return StrictMath.cos(Math.toRadians(origin.lat()));
    }

    /** Degrees into -180..180. */
    private static double wrap(double degrees) {
        double d = degrees;
        while (d > 180) {
            d -= 360;
        }
        while (d < -180) {
            d += 360;
        }
        return d;
    }
}

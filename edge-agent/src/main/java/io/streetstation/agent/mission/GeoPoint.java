package io.streetstation.agent.mission;

/**
 * A position on the WGS-84 ellipsoid as GNSS and MAVLink give it, in degrees. Distances treat the
 * earth as a sphere of the IUGG mean radius: at city scale (a few km) the error against the
 * ellipsoid is under 0.5 %, far below what battery and wind estimates leave open.
 *
 * <p>Distances use {@link StrictMath}, so a plan computed twice from the same input is the same
 * bit for bit, whatever the JIT does.
 *
 * @param lat latitude, degrees north, -90..90
 * @param lon longitude, degrees east, -180..180
 */
public record GeoPoint(double lat, double lon) {

    /** IUGG mean earth radius, m. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("latitude must be -90..90°, was " + lat);
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("longitude must be -180..180°, was " + lon);
        }
        lat += 0.0; // -0.0 and 0.0 are one position: one value, so equals agrees
        lon += 0.0;
    }

    /** Great-circle (haversine) distance, m, ≥ 0. */
    public double distanceTo(GeoPoint other) {
        double lat1 = Math.toRadians(lat);
        double lat2 = Math.toRadians(other.lat);
        return haversine(lat1, Math.toRadians(lon), StrictMath.cos(lat1), lat2, Math.toRadians(other.lon),
                StrictMath.cos(lat2));
    }

    /**
     * Haversine on precomputed radians and cosines; {@link #distanceTo} and the planner's distance
     * table both call this, so the planner's sums and the validator's estimate agree exactly.
     */
    static double haversine(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2) {
        double sinDLat = StrictMath.sin((lat2 - lat1) / 2);
        double sinDLon = StrictMath.sin((lon2 - lon1) / 2);
        double h = sinDLat * sinDLat + cosLat1 * cosLat2 * sinDLon * sinDLon;
        return 2 * EARTH_RADIUS_M * StrictMath.asin(Math.min(1.0, StrictMath.sqrt(h)));
    }
}

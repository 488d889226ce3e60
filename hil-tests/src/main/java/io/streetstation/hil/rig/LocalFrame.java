package io.streetstation.hil.rig;

/**
 * A vehicle simulator's flat local frame around its home (bay or dock): x metres east, y metres
 * north, converted to and from degrees with an equirectangular approximation — exact enough for
 * the few kilometres a station's vehicles cover.
 *
 * @param homeLat degrees
 * @param homeLon degrees
 */
record LocalFrame(double homeLat, double homeLon) {

    private static final double M_PER_DEG_LAT = 111_320.0;

    private double mPerDegLon() {
        return M_PER_DEG_LAT * Math.cos(Math.toRadians(homeLat));
    }

    /** Metres east of home of longitude {@code lon} (degrees). */
    double east(double lon) {
        return (lon - homeLon) * mPerDegLon();
    }

    /** Metres north of home of latitude {@code lat} (degrees). */
    double north(double lat) {
        return (lat - homeLat) * M_PER_DEG_LAT;
    }

    /** Latitude of a point {@code north} metres from home, in 1e-7 degrees (MAVLink's int form). */
    int lat7(double north) {
        return (int) Math.round((homeLat + north / M_PER_DEG_LAT) * 1e7);
    }

    /** Longitude of a point {@code east} metres from home, in 1e-7 degrees. */
    int lon7(double east) {
        return (int) Math.round((homeLon + east / mPerDegLon()) * 1e7);
    }
}

package io.streetstation.agent.mission;

/**
 * A position in a {@link LocalFrame}: metres east and north of the frame's origin.
 *
 * @param eastM metres east of the origin (west negative)
 * @param northM metres north of the origin (south negative)
 */
public record LocalPoint(double eastM, double northM) {

    public LocalPoint {
        if (!Double.isFinite(eastM) || !Double.isFinite(northM)) {
            throw new IllegalArgumentException("a local point is finite, was " + eastM + " m east, " + northM + " m north");
        }
    }

    /** Straight-line distance in the plane, m. */
    public double distanceTo(LocalPoint other) {
        return Math.hypot(other.eastM - eastM, other.northM - northM);
    }
}

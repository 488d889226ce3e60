package io.streetstation.agent.mission;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A simple polygon (no edge crosses another) on the map, as a geofence: where a drone may be and
 * which straight legs stay in. Concave shapes (a district around a lake, an L of streets) are the
 * reason it exists; the radius fence alone is convex.
 *
 * <p>Geometry runs in a {@link LocalFrame} at the first vertex, so every vertex lies within
 * {@value #MAX_EXTENT_M} m of it. A point on the boundary, to {@value #BOUNDARY_TOLERANCE_M} m, is
 * inside: the limit value is allowed.
 *
 * @param vertices 3..{@value #MAX_VERTICES} corners in order (either direction), the first not
 *     repeated at the end; no two consecutive alike
 */
public record GeoPolygon(List<GeoPoint> vertices) {

    public static final int MAX_VERTICES = 500;
    /** Largest distance of a vertex from the first, m: keeps the flat frame's error small. */
    public static final double MAX_EXTENT_M = 50_000;
    /** A point this close to an edge, m, is on the boundary and so inside. */
    public static final double BOUNDARY_TOLERANCE_M = 0.001;

    public GeoPolygon {
        vertices = List.copyOf(Objects.requireNonNull(vertices, "vertices"));
        int n = vertices.size();
        if (n < 3 || n > MAX_VERTICES) {
            throw new IllegalArgumentException("a polygon has 3.." + MAX_VERTICES + " vertices, had " + n);
        }
        GeoPoint first = vertices.get(0);
        for (int i = 0; i < n; i++) {
            GeoPoint v = vertices.get(i);
            if (v.equals(vertices.get((i + 1) % n))) {
                throw new IllegalArgumentException("polygon vertices " + i + " and " + ((i + 1) % n)
                        + " are the same point (do not repeat the first vertex at the end)");
            }
            double d = first.distanceTo(v);
            if (d > MAX_EXTENT_M) {
                throw new IllegalArgumentException("polygon vertex " + i + " is " + Math.round(d)
                        + " m from vertex 0, the most a flat frame serves is " + (int) MAX_EXTENT_M + " m");
            }
        }
        Shape s = Shape.of(vertices);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (!adjacent && s.edgesTouch(i, j)) {
                    throw new IllegalArgumentException("polygon edges " + i + " and " + j + " cross or touch: "
                            + "the polygon must be simple");
                }
            }
        }
        if (Math.abs(s.area()) < 1) {
            throw new IllegalArgumentException("polygon encloses " + s.area() + " m², less than 1 m²");
        }
    }

    /** Whether {@code p} is inside or on the boundary. */
    public boolean contains(GeoPoint p) {
        Shape s = Shape.of(vertices);
        LocalPoint q = s.frame.toLocal(p);
        return s.contains(q.eastM(), q.northM());
    }

    /**
     * Whether the straight leg from {@code a} to {@code b} (in the flat frame) stays inside or on
     * the boundary all the way: both ends inside and no stretch between two crossings of the
     * boundary outside. Exact up to the boundary tolerance, no sampling.
     */
    public boolean containsLeg(GeoPoint a, GeoPoint b) {
        Shape s = Shape.of(vertices);
        LocalPoint la = s.frame.toLocal(a);
        LocalPoint lb = s.frame.toLocal(b);
        return s.containsLeg(la.eastM(), la.northM(), lb.eastM(), lb.northM());
    }

    /** The polygon in its local frame; built per call (a few µs for tens of vertices). */
    private record Shape(LocalFrame frame, double[] x, double[] y) {

        static Shape of(List<GeoPoint> vertices) {
            LocalFrame frame = new LocalFrame(vertices.get(0));
            int n = vertices.size();
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                LocalPoint p = frame.toLocal(vertices.get(i));
                x[i] = p.eastM();
                y[i] = p.northM();
            }
            return new Shape(frame, x, y);
        }

        double area() {
            double twice = 0;
            for (int i = 0, n = x.length; i < n; i++) {
                int j = (i + 1) % n;
                twice += x[i] * y[j] - x[j] * y[i];
            }
            return twice / 2;
        }

        boolean edgesTouch(int i, int j) {
            int n = x.length;
            return segmentDistance(x[i], y[i], x[(i + 1) % n], y[(i + 1) % n], x[j], y[j], x[(j + 1) % n],
                    y[(j + 1) % n]) <= BOUNDARY_TOLERANCE_M;
        }

        boolean contains(double px, double py) {
            int n = x.length;
            boolean inside = false;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if (pointSegmentDistance(px, py, x[j], y[j], x[i], y[i]) <= BOUNDARY_TOLERANCE_M) {
                    return true;
                }
                if ((y[i] > py) != (y[j] > py)
                        && px < (x[j] - x[i]) * (py - y[i]) / (y[j] - y[i]) + x[i]) {
                    inside = !inside;
                }
            }
            return inside;
        }

        boolean containsLeg(double ax, double ay, double bx, double by) {
            if (!contains(ax, ay) || !contains(bx, by)) {
                return false;
            }
            double rx = bx - ax;
            double ry = by - ay;
            double len2 = rx * rx + ry * ry;
            if (len2 == 0) {
                return true;
            }
            // every parameter t in [0, 1] where the leg meets the boundary; between two of them the
            // leg is wholly in or wholly out, so one midpoint decides each stretch
            List<Double> ts = new ArrayList<>();
            ts.add(0.0);
            ts.add(1.0);
            int n = x.length;
            for (int i = 0; i < n; i++) {
                int k = (i + 1) % n;
                double sx = x[k] - x[i];
                double sy = y[k] - y[i];
                double denom = rx * sy - ry * sx;
                double qx = x[i] - ax;
                double qy = y[i] - ay;
                if (denom != 0) {
                    double t = (qx * sy - qy * sx) / denom;
                    double u = (qx * ry - qy * rx) / denom;
                    if (t > 0 && t < 1 && u >= 0 && u <= 1) {
                        ts.add(t);
                    }
                }
                // vertices on or next to the leg (touching corners, collinear overlaps)
                double tv = (qx * rx + qy * ry) / len2;
                if (tv > 0 && tv < 1 && pointSegmentDistance(x[i], y[i], ax, ay, bx, by) <= BOUNDARY_TOLERANCE_M) {
                    ts.add(tv);
                }
            }
            ts.sort(null);
            for (int i = 0; i + 1 < ts.size(); i++) {
                double t0 = ts.get(i);
                double t1 = ts.get(i + 1);
                if (t1 - t0 > 1e-12) {
                    double tm = (t0 + t1) / 2;
                    if (!contains(ax + tm * rx, ay + tm * ry)) {
                        return false;
                    }
                }
            }
            return true;
        }

        static double pointSegmentDistance(double px, double py, double ax, double ay, double bx, double by) {
            double rx = bx - ax;
            double ry = by - ay;
            double len2 = rx * rx + ry * ry;
            double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * rx + (py - ay) * ry) / len2));
            return Math.hypot(px - (ax + t * rx), py - (ay + t * ry));
        }

        /** Distance between two segments, m: 0 when they cross. */
        static double segmentDistance(double ax, double ay, double bx, double by, double cx, double cy, double dx,
                                      double dy) {
            double d1 = cross(bx - ax, by - ay, cx - ax, cy - ay);
            double d2 = cross(bx - ax, by - ay, dx - ax, dy - ay);
            double d3 = cross(dx - cx, dy - cy, ax - cx, ay - cy);
            double d4 = cross(dx - cx, dy - cy, bx - cx, by - cy);
            if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
                return 0;
            }
            return Math.min(Math.min(pointSegmentDistance(ax, ay, cx, cy, dx, dy), pointSegmentDistance(bx, by, cx, cy, dx, dy)),
                    Math.min(pointSegmentDistance(cx, cy, ax, ay, bx, by), pointSegmentDistance(dx, dy, ax, ay, bx, by)));
        }

        static double cross(double ax, double ay, double bx, double by) {
            return ax * by - ay * bx;
        }
    }
}

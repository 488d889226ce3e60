package io.streetstation.agent.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GeoPoint, LocalFrame and GeoPolygon: ranges, distances, and containment of points and legs. */
class GeometryTest {

    static final GeoPoint NEST = new GeoPoint(36.8, 118.05);
    static final LocalFrame FRAME = new LocalFrame(NEST);

    static GeoPoint at(double eastM, double northM) {
        return FRAME.toGeo(eastM, northM);
    }

    /**
     * A U open to the north, 300 m × 300 m, the nest at (150, 50) in its base; the notch is
     * x 100..200, y 100..300 (local metres from its south-west corner).
     */
    static GeoPolygon uShape() {
        return new GeoPolygon(List.of(u(0, 0), u(300, 0), u(300, 300), u(200, 300), u(200, 100), u(100, 100),
                u(100, 300), u(0, 300)));
    }

    /** A point of the U's own coordinates (its south-west corner at (-150, -50) from the nest). */
    static GeoPoint u(double x, double y) {
        return at(x - 150, y - 50);
    }

    @Test
    void geoPoint_acceptsTheRangeLimits_andRejectsBeyondThemAndNaN() {
        assertThat(new GeoPoint(90, 180)).isNotNull();
        assertThat(new GeoPoint(-90, -180)).isNotNull();
        assertThatThrownBy(() -> new GeoPoint(90.000001, 0)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> new GeoPoint(-90.000001, 0)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> new GeoPoint(0, 180.000001)).hasMessageContaining("longitude");
        assertThatThrownBy(() -> new GeoPoint(0, -180.000001)).hasMessageContaining("longitude");
        assertThatThrownBy(() -> new GeoPoint(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void geoPoint_minusZeroIsZero_soEqualPositionsAreEqualValues() {
        assertThat(new GeoPoint(-0.0, -0.0)).isEqualTo(new GeoPoint(0, 0));
    }

    @Test
    void distance_oneDegreeOfLatitude_isTheMeanRadiusArc() {
        double expected = GeoPoint.EARTH_RADIUS_M * Math.PI / 180; // 111,195.08 m
        assertThat(new GeoPoint(36, 118).distanceTo(new GeoPoint(37, 118))).isCloseTo(expected, within(1e-6));
        assertThat(new GeoPoint(37, 118).distanceTo(new GeoPoint(36, 118))).isCloseTo(expected, within(1e-6));
    }

    @Test
    void distance_acrossTheAntimeridian_isTheShortWay() {
        double d = new GeoPoint(0, 179.999).distanceTo(new GeoPoint(0, -179.999));
        assertThat(d).isCloseTo(0.002 * GeoPoint.EARTH_RADIUS_M * Math.PI / 180, within(1e-6));
    }

    @Test
    void localFrame_roundTripsAPoint_andMetresMatchTheGreatCircleAtCityScale() {
        GeoPoint p = at(1234.5, -678.9);
        LocalPoint back = FRAME.toLocal(p);
        assertThat(back.eastM()).isCloseTo(1234.5, within(1e-6));
        assertThat(back.northM()).isCloseTo(-678.9, within(1e-6));
        assertThat(NEST.distanceTo(at(0, 1000))).isCloseTo(1000, within(1e-6));
        // east-west: the flat frame and the sphere agree to well under 0.01 % within a few km
        assertThat(NEST.distanceTo(at(3000, 0))).isCloseTo(3000, within(0.3));
        assertThat(NEST.distanceTo(at(2000, 2000))).isCloseTo(Math.hypot(2000, 2000), within(0.3));
    }

    @Test
    void localFrame_acrossTheAntimeridian_wrapsLongitude() {
        LocalFrame frame = new LocalFrame(new GeoPoint(10, 179.999));
        GeoPoint east = frame.toGeo(500, 0);
        assertThat(east.lon()).isNegative();
        assertThat(frame.toLocal(east).eastM()).isCloseTo(500, within(1e-6));
    }

    @Test
    void localFrame_nearThePoles_isRefused() {
        assertThat(new LocalFrame(new GeoPoint(85, 0))).isNotNull();
        assertThatThrownBy(() -> new LocalFrame(new GeoPoint(85.1, 0))).hasMessageContaining("85");
    }

    @Test
    void concavePolygon_containsItsArms_notItsNotch_andItsBoundaryCounts() {
        GeoPolygon p = uShape();
        assertThat(p.contains(u(50, 200))).isTrue();
        assertThat(p.contains(u(250, 200))).isTrue();
        assertThat(p.contains(u(150, 50))).isTrue();
        assertThat(p.contains(u(150, 200))).as("in the notch").isFalse();
        assertThat(p.contains(u(350, 150))).isFalse();
        assertThat(p.contains(u(300, 150))).as("on the east edge").isTrue();
        assertThat(p.contains(u(100, 100))).as("the inner corner").isTrue();
        assertThat(p.contains(u(150, 100))).as("on the notch's floor").isTrue();
        assertThat(p.contains(u(150, 99))).isTrue();
        assertThat(p.contains(u(150, 101))).isFalse();
    }

    @Test
    void leg_bothEndsInsideButAcrossTheNotch_leavesThePolygon() {
        GeoPolygon p = uShape();
        assertThat(p.containsLeg(u(50, 200), u(250, 200))).isFalse();
        assertThat(p.containsLeg(u(50, 150), u(250, 250))).isFalse();
    }

    @Test
    void leg_belowTheNotch_orAlongTheBoundary_orGrazingTheInnerCorner_staysInside() {
        GeoPolygon p = uShape();
        assertThat(p.containsLeg(u(50, 50), u(250, 50))).isTrue();
        assertThat(p.containsLeg(u(0, 0), u(300, 0))).as("along the south edge").isTrue();
        assertThat(p.containsLeg(u(100, 100), u(200, 100))).as("along the notch's floor").isTrue();
        assertThat(p.containsLeg(u(0, 200), u(200, 0))).as("through the inner corner (100, 100)").isTrue();
        assertThat(p.containsLeg(u(50, 250), u(50, 250))).as("a leg of no length").isTrue();
    }

    @Test
    void leg_withAnEndOutside_isOutside() {
        assertThat(uShape().containsLeg(u(50, 50), u(150, 200))).isFalse();
    }

    @Test
    void polygon_selfCrossingOrDegenerate_isRejected() {
        assertThatThrownBy(() -> new GeoPolygon(List.of(at(0, 0), at(100, 100), at(100, 0), at(0, 100))))
                .hasMessageContaining("simple");
        assertThatThrownBy(() -> new GeoPolygon(List.of(at(0, 0), at(100, 0), at(100, 100), at(0, 0))))
                .hasMessageContaining("same point");
        assertThatThrownBy(() -> new GeoPolygon(List.of(at(0, 0), at(100, 0))))
                .hasMessageContaining("3..500");
        assertThatThrownBy(() -> new GeoPolygon(List.of(at(0, 0), at(100, 0), at(200, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GeoPolygon(List.of(at(0, 0), at(100, 0), at(0, 50_001))))
                .hasMessageContaining("50000 m");
    }

    @Test
    void polygon_eitherWinding_containsTheSamePoints() {
        GeoPolygon ccw = new GeoPolygon(List.of(at(0, 0), at(100, 0), at(100, 100), at(0, 100)));
        GeoPolygon cw = new GeoPolygon(List.of(at(0, 0), at(0, 100), at(100, 100), at(100, 0)));
        for (GeoPoint p : List.of(at(50, 50), at(150, 50), at(100, 50), at(-1, 50))) {
            assertThat(cw.contains(p)).isEqualTo(ccw.contains(p));
        }
    }
}

package io.streetstation.agent.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape rules of routes, waypoints, limits, grids and patrol settings, each on both sides. */
class RouteTest {

    static final Waypoint WP = Waypoint.passThrough(new GeoPoint(36.8, 118.05), 60);

    @Test
    void id_oneToFortyOfLowerCaseDigitsHyphenUnderscore() {
        assertThat(new Route("a", List.of(WP), 12, 0).id()).isEqualTo("a");
        assertThat(new Route("x".repeat(40), List.of(WP), 12, 0)).isNotNull();
        assertThat(new Route("night-patrol_2", List.of(WP), 12, 0)).isNotNull();
        for (String bad : List.of("", "x".repeat(41), "Night", "a b", "a.b", "é")) {
            assertThatThrownBy(() -> new Route(bad, List.of(WP), 12, 0)).as(bad).hasMessageContaining("route id");
        }
    }

    @Test
    void waypoints_oneTo200() {
        assertThat(new Route("r", Collections.nCopies(200, WP), 12, 0).waypoints()).hasSize(200);
        assertThatThrownBy(() -> new Route("r", Collections.nCopies(201, WP), 12, 0)).hasMessageContaining("1..200");
        assertThatThrownBy(() -> new Route("r", List.of(), 12, 0)).hasMessageContaining("1..200");
    }

    @Test
    void speedAboveZero_captureIntervalZeroTo3600() {
        assertThat(new Route("r", List.of(WP), 0.1, 3600)).isNotNull();
        assertThatThrownBy(() -> new Route("r", List.of(WP), 0, 0)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new Route("r", List.of(WP), Double.POSITIVE_INFINITY, 0)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new Route("r", List.of(WP), 12, -0.1)).hasMessageContaining("capture");
        assertThatThrownBy(() -> new Route("r", List.of(WP), 12, 3600.1)).hasMessageContaining("capture");
    }

    @Test
    void loiterZeroTo3600_altitudeFinite() {
        assertThat(new Waypoint(WP.point(), 60, 3600)).isNotNull();
        assertThatThrownBy(() -> new Waypoint(WP.point(), 60, -1)).hasMessageContaining("loiter");
        assertThatThrownBy(() -> new Waypoint(WP.point(), 60, 3601)).hasMessageContaining("loiter");
        assertThatThrownBy(() -> new Waypoint(WP.point(), Double.NaN, 0)).hasMessageContaining("altitude");
    }

    @Test
    void routes_areValues() {
        Route a = new Route("r", List.of(WP, new Waypoint(new GeoPoint(36.81, 118.05), 80, 10)), 12, 2);
        Route b = new Route("r", List.of(Waypoint.passThrough(new GeoPoint(36.8, 118.05), 60),
                new Waypoint(new GeoPoint(36.81, 118.05), 80, 10)), 12, 2);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Route("r", a.waypoints(), 12, 3));
    }

    @Test
    void remainingFrom_keepsIdAndSettings() {
        Waypoint other = Waypoint.passThrough(new GeoPoint(36.81, 118.05), 70);
        Route r = new Route("r", List.of(WP, other), 12, 2);
        assertThat(r.remainingFrom(1)).isEqualTo(new Route("r", List.of(other), 12, 2));
        assertThat(r.remainingFrom(0)).isEqualTo(r);
        assertThatThrownBy(() -> r.remainingFrom(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void limits_rangesHoldAtTheirEnds() {
        assertThat(new MissionLimits.Flight(0, 500, 30, 10, 10, 100, Duration.ofMinutes(10))).isNotNull();
        assertThatThrownBy(() -> new MissionLimits.Flight(120, 120, 15, 3, 1.5, 10, Duration.ofSeconds(15)))
                .hasMessageContaining("maximum altitude");
        assertThatThrownBy(() -> new MissionLimits.Flight(20, 120, 30.1, 3, 1.5, 10, Duration.ofSeconds(15)))
                .hasMessageContaining("maximum speed");
        assertThat(new MissionLimits.Energy(Duration.ofMinutes(1), 25, 25, 3)).isNotNull();
        assertThatThrownBy(() -> new MissionLimits.Energy(Duration.ofMinutes(32), 25, 25.1, 1))
                .hasMessageContaining("landing floor");
        assertThatThrownBy(() -> new MissionLimits.Energy(Duration.ofMinutes(32), 25, 15, 0.99))
                .hasMessageContaining("wind factor");
        assertThatThrownBy(() -> new MissionLimits.Energy(Duration.ofSeconds(59), 25, 15, 1))
                .hasMessageContaining("endurance");
        assertThat(Geofence.radius(1).maxRadiusM()).isEqualTo(1);
        assertThat(Geofence.radius(20_000).maxRadiusM()).isEqualTo(20_000);
        assertThatThrownBy(() -> Geofence.radius(0.99)).hasMessageContaining("radius");
        assertThatThrownBy(() -> Geofence.radius(20_000.1)).hasMessageContaining("radius");
    }

    @Test
    void grid_sizeWeightsAndCellSize_areChecked() {
        GeoPoint o = new GeoPoint(36.79, 118.04);
        assertThat(new HotspotGrid(o, 1, 100, 100, Collections.nCopies(10_000, 0.0)).totalWeight()).isZero();
        assertThatThrownBy(() -> new HotspotGrid(o, 50, 101, 1, Collections.nCopies(101, 0.0)))
                .hasMessageContaining("1..100");
        assertThatThrownBy(() -> new HotspotGrid(o, 50, 2, 2, List.of(1.0, 1.0, 1.0))).hasMessageContaining("4 weights");
        assertThatThrownBy(() -> new HotspotGrid(o, 50, 1, 2, List.of(1.0, -0.1))).hasMessageContaining("row 0 col 1");
        assertThatThrownBy(() -> new HotspotGrid(o, 50, 1, 2, List.of(1.0, Double.NaN))).hasMessageContaining("finite");
        assertThatThrownBy(() -> new HotspotGrid(o, 0.5, 1, 1, List.of(1.0))).hasMessageContaining("cell size");
        assertThatThrownBy(() -> HotspotGrid.of(o, 50, new double[][] {{1, 2}, {3}})).hasMessageContaining("row 1");
    }

    @Test
    void grid_rowZeroIsSouth_colZeroIsWest_centresHalfACellIn() {
        GeoPoint o = new GeoPoint(36.79, 118.04);
        HotspotGrid g = HotspotGrid.of(o, 100, new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(g.weight(1, 0)).isEqualTo(4);
        LocalPoint c = new LocalFrame(o).toLocal(g.centre(1, 2));
        assertThat(c.eastM()).isCloseTo(250, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(c.northM()).isCloseTo(150, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(g.totalWeight()).isEqualTo(21);
    }
}

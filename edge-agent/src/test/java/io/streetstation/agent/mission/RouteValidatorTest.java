package io.streetstation.agent.mission;

import static io.streetstation.agent.mission.GeometryTest.NEST;
import static io.streetstation.agent.mission.GeometryTest.at;
import static io.streetstation.agent.mission.GeometryTest.u;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule of the route check on both sides of its limit, polygon legs, and the estimate by hand. */
class RouteValidatorTest {

    static final MissionLimits LIMITS = MissionLimits.defaults(NEST, 1500);

    static Route route(double speed, Waypoint... wps) {
        return new Route("r1", List.of(wps), speed, 0);
    }

    static Route oneAt(GeoPoint p, double altitude) {
        return route(12, Waypoint.passThrough(p, altitude));
    }

    static List<String> codes(List<RouteProblem> problems) {
        return problems.stream().map(RouteProblem::code).toList();
    }

    @Test
    void aRouteInsideEveryLimit_hasNoProblems() {
        Route r = route(12, Waypoint.passThrough(at(500, 500), 60), new Waypoint(at(-300, 800), 80, 30));
        assertThat(RouteValidator.check(r, LIMITS, 100)).isEmpty();
    }

    @Test
    void radius_aWaypointExactlyAtTheFence_isAllowed_aHairBeyond_isNot() {
        GeoPoint p = at(900, 1100);
        double d = NEST.distanceTo(p);
        MissionLimits exact = LIMITS.withGeofence(Geofence.radius(d));
        assertThat(RouteValidator.check(oneAt(p, 60), exact, 100)).isEmpty();
        MissionLimits tighter = LIMITS.withGeofence(Geofence.radius(d - 0.01));
        assertThat(codes(RouteValidator.check(oneAt(p, 60), tighter, 100))).containsExactly(RouteProblem.OUTSIDE_GEOFENCE);
    }

    @Test
    void outsideTheFence_namesTheWaypointAndBothDistances() {
        Route r = route(12, Waypoint.passThrough(at(0, 500), 60), Waypoint.passThrough(at(0, 1000), 60),
                Waypoint.passThrough(at(0, 1500), 60), Waypoint.passThrough(at(0, 2140), 60));
        List<RouteProblem> problems = RouteValidator.check(r, LIMITS, 100);
        assertThat(problems).containsExactly(new RouteProblem(RouteProblem.OUTSIDE_GEOFENCE, 3,
                "waypoint 3 is 2,140 m from the nest, the geofence is 1,500 m"));
    }

    @Test
    void altitude_theFloorAndTheCeilingAreAllowed_justBeyondEitherIsNot() {
        GeoPoint p = at(100, 100);
        assertThat(RouteValidator.check(oneAt(p, 20), LIMITS, 100)).isEmpty();
        assertThat(RouteValidator.check(oneAt(p, 120), LIMITS, 100)).isEmpty();
        assertThat(RouteValidator.check(oneAt(p, 19.99), LIMITS, 100)).containsExactly(new RouteProblem(
                RouteProblem.ALTITUDE_TOO_LOW, 0, "waypoint 0 is at 19.99 m, the lowest allowed is 20 m"));
        assertThat(RouteValidator.check(oneAt(p, 12), LIMITS, 100)).containsExactly(new RouteProblem(
                RouteProblem.ALTITUDE_TOO_LOW, 0, "waypoint 0 is at 12 m, the lowest allowed is 20 m"));
        assertThat(RouteValidator.check(oneAt(p, 120.01), LIMITS, 100)).extracting(RouteProblem::code)
                .containsExactly(RouteProblem.ALTITUDE_TOO_HIGH);
    }

    @Test
    void speed_theMaximumIsAllowed_aboveItIsNot() {
        GeoPoint p = at(100, 100);
        assertThat(RouteValidator.check(route(15, Waypoint.passThrough(p, 60)), LIMITS, 100)).isEmpty();
        assertThat(RouteValidator.check(route(15.5, Waypoint.passThrough(p, 60)), LIMITS, 100)).containsExactly(
                new RouteProblem(RouteProblem.SPEED_TOO_HIGH, -1, "cruise speed 15.5 m/s, the fastest allowed is 15 m/s"));
    }

    @Test
    void everyProblem_isReportedAtOnce_inWaypointOrder_thenTheRoute() {
        Route r = route(20, Waypoint.passThrough(at(0, 1600), 10), Waypoint.passThrough(at(0, 100), 60),
                Waypoint.passThrough(at(100, 0), 200));
        assertThat(codes(RouteValidator.check(r, LIMITS, 100))).containsExactly(RouteProblem.OUTSIDE_GEOFENCE,
                RouteProblem.ALTITUDE_TOO_LOW, RouteProblem.ALTITUDE_TOO_HIGH, RouteProblem.SPEED_TOO_HIGH);
        assertThat(RouteValidator.check(r, LIMITS, 100)).extracting(RouteProblem::waypoint).containsExactly(0, 0, 2, -1);
    }

    @Test
    void polygon_aWaypointInTheNotch_isOutside_evenWithinTheRadius() {
        MissionLimits l = LIMITS.withGeofence(Geofence.radius(1500).withPolygon(GeometryTest.uShape().vertices()));
        assertThat(RouteValidator.check(oneAt(u(280, 150), 60), l, 100)).isEmpty();
        List<RouteProblem> problems = RouteValidator.check(oneAt(u(150, 250), 60), l, 100);
        assertThat(problems).containsExactly(new RouteProblem(RouteProblem.OUTSIDE_GEOFENCE, 0,
                "waypoint 0 is outside the geofence polygon"));
    }

    /** A U around the nest: the notch x -50..50, y 50..300 (m from the nest); the nest below its floor. */
    static MissionLimits uAroundTheNest() {
        GeoPolygon poly = new GeoPolygon(List.of(at(-150, -150), at(150, -150), at(150, 300), at(50, 300),
                at(50, 50), at(-50, 50), at(-50, 300), at(-150, 300)));
        return LIMITS.withGeofence(Geofence.radius(1500).withPolygon(poly.vertices()));
    }

    @Test
    void polygon_aLegAcrossTheNotch_isReported_thoughBothEndsAreInside() {
        Route r = route(12, Waypoint.passThrough(at(-100, 0), 60), Waypoint.passThrough(at(-100, 200), 60),
                Waypoint.passThrough(at(100, 200), 60), Waypoint.passThrough(at(100, 0), 60));
        assertThat(RouteValidator.check(r, uAroundTheNest(), 100)).containsExactly(new RouteProblem(
                RouteProblem.LEG_OUTSIDE_GEOFENCE, 2, "the leg from waypoint 1 to waypoint 2 leaves the geofence polygon"));
    }

    @Test
    void polygon_theLegsFromAndToTheNest_areCheckedToo() {
        Route r = route(12, Waypoint.passThrough(at(-100, 250), 60), Waypoint.passThrough(at(-100, 0), 60),
                Waypoint.passThrough(at(100, 0), 60), Waypoint.passThrough(at(100, 250), 60));
        assertThat(RouteValidator.check(r, uAroundTheNest(), 100)).containsExactly(
                new RouteProblem(RouteProblem.LEG_OUTSIDE_GEOFENCE, 0,
                        "the leg from the nest to waypoint 0 leaves the geofence polygon"),
                new RouteProblem(RouteProblem.LEG_OUTSIDE_GEOFENCE, 3,
                        "the leg from waypoint 3 to the nest leaves the geofence polygon"));
    }

    @Test
    void limits_refuseAPolygonWithoutTheNest() {
        GeoPolygon away = new GeoPolygon(List.of(at(100, 100), at(200, 100), at(200, 200)));
        assertThatThrownBy(() -> LIMITS.withGeofence(Geofence.radius(1500).withPolygon(away.vertices())))
                .hasMessageContaining("contain the nest");
    }

    @Test
    void estimate_oneWaypoint_matchesTheHandComputation() {
        // climb 30 m at 3 m/s = 10 s; out 1,000 m at 10 m/s = 100 s; loiter 10 s; back 100 s;
        // descent 30 → 10 m at 1.5 m/s = 13.333 s; landing 15 s: 248.333 s of 1,920 s = 12.934 %
        Route r = route(10, new Waypoint(at(0, 1000), 30, 10));
        RouteEstimate e = RouteValidator.estimate(r, LIMITS);
        assertThat(e.duration().toNanos() / 1e9).isCloseTo(248.333333, within(1e-5));
        assertThat(e.distanceM()).isCloseTo(2000, within(1e-5));
        assertThat(e.percentUsed()).isCloseTo(248.333333 / 1920 * 100, within(1e-6));
        assertThat(e.arrivals()).hasSize(1);
        assertThat(e.arrivals().get(0).toNanos() / 1e9).isCloseTo(110, within(1e-6));
        assertThat(e.percentLeft(80)).isCloseTo(80 - 12.934028, within(1e-5));
    }

    @Test
    void estimate_aSteepLeg_takesItsClimbTime_andTheDescentHomeIsSlower() {
        // wp0 as above (arrival 110 s, leaves at 120 s); wp1 30 m further at 120 m: 3 s flat but 90 m
        // at 3 m/s = 30 s; back 1,030 m = 103 s; descent 120 → 10 m at 1.5 m/s = 73.333 s; landing 15 s
        Route r = route(10, new Waypoint(at(0, 1000), 30, 10), Waypoint.passThrough(at(0, 1030), 120));
        RouteEstimate e = RouteValidator.estimate(r, LIMITS);
        assertThat(e.arrivals()).extracting(d -> d.toNanos() / 1e9)
                .satisfiesExactly(a -> assertThat(a).isCloseTo(110, within(1e-6)),
                        b -> assertThat(b).isCloseTo(150, within(1e-6)));
        assertThat(e.duration().toNanos() / 1e9).isCloseTo(150 + 103 + 73.333333 + 15, within(1e-5));
        assertThat(e.distanceM()).isCloseTo(2060, within(1e-5));
    }

    @Test
    void estimate_windFactor_scalesTheDrainNotTheTime() {
        Route r = route(10, new Waypoint(at(0, 1000), 30, 10));
        MissionLimits windy = LIMITS.withEnergy(new MissionLimits.Energy(Duration.ofMinutes(32), 25, 15, 1.5));
        RouteEstimate calm = RouteValidator.estimate(r, LIMITS);
        RouteEstimate wind = RouteValidator.estimate(r, windy);
        assertThat(wind.duration()).isEqualTo(calm.duration());
        assertThat(wind.percentUsed()).isCloseTo(calm.percentUsed() * 1.5, within(1e-9));
    }

    @Test
    void endurance_landingExactlyOnTheReserve_isAllowed_aHairBelow_isNot() {
        Route r = route(10, new Waypoint(at(0, 1000), 30, 10));
        double used = RouteValidator.estimate(r, LIMITS).percentUsed();
        assertThat(RouteValidator.check(r, LIMITS, 25 + used)).isEmpty();
        List<RouteProblem> problems = RouteValidator.check(r, LIMITS, 25 + used - 0.001);
        assertThat(codes(problems)).containsExactly(RouteProblem.BEYOND_ENDURANCE);
        assertThat(problems.get(0).words()).isEqualTo("the route takes 4 min 8 s and 12.9 % of a charge (wind factor "
                + "1.00); from 37.9 % it would land with 25.0 %, the return reserve is 25.0 %");
    }

    @Test
    void endurance_aRouteLongerThanTheBattery_saysHowFarShort() {
        // 12 legs of 2,800 m across the fence at 12 m/s: ~47 min
        Waypoint a = Waypoint.passThrough(at(0, 1400), 60);
        Waypoint b = Waypoint.passThrough(at(0, -1400), 60);
        Route r = route(12, a, b, a, b, a, b, a, b, a, b, a, b);
        List<RouteProblem> problems = RouteValidator.check(r, LIMITS, 100);
        assertThat(codes(problems)).containsExactly(RouteProblem.BEYOND_ENDURANCE);
        assertThat(problems.get(0).words()).contains("it would land with -").contains("the return reserve is 25.0 %");
    }

    @Test
    void check_refusesABatteryOutside0To100() {
        Route r = oneAt(at(10, 10), 60);
        assertThat(RouteValidator.check(r, LIMITS, 0)).extracting(RouteProblem::code)
                .containsExactly(RouteProblem.BEYOND_ENDURANCE);
        assertThatThrownBy(() -> RouteValidator.check(r, LIMITS, 100.1)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> RouteValidator.check(r, LIMITS, -1)).hasMessageContaining("0..100");
    }
}

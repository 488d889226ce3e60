package io.streetstation.agent.mission;

import static io.streetstation.agent.mission.GeometryTest.NEST;
import static io.streetstation.agent.mission.GeometryTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hotspot planner: what it picks under a tight and a loose budget, fences, determinism, and a property over random grids. */
class HotspotPlannerTest {

    static final MissionLimits LIMITS = MissionLimits.defaults(NEST, 1500);
    static final PatrolSettings PATROL = PatrolSettings.defaults("hotspots-1");

    /** A 20 × 20 grid of 100 m cells centred on the nest: cell (r, c) is centred at ((c − 9.5)·100, (r − 9.5)·100) m. */
    static HotspotGrid grid(double[][] w) {
        return HotspotGrid.of(at(-1000, -1000), 100, w);
    }

    static double[][] zeros(int n) {
        return new double[n][n];
    }

    static HotspotPlan planned(HotspotOutcome o) {
        assertThat(o).isInstanceOf(HotspotPlan.class);
        return (HotspotPlan) o;
    }

    static boolean visits(Route r, GeoPoint p) {
        return r.waypoints().stream().anyMatch(w -> w.point().distanceTo(p) < 1);
    }

    @Test
    void tightBudget_picksTheHeavyCluster_overScatteredLightCells() {
        double[][] w = zeros(20);
        // the cluster: four cells of 10, ~700 m north-east
        w[16][16] = 10;
        w[16][17] = 10;
        w[17][16] = 10;
        w[17][17] = 10;
        // scattered cells of 1, as far out the other ways
        w[3][3] = 1;
        w[3][16] = 1;
        w[16][3] = 1;
        w[10][2] = 1;
        HotspotGrid g = grid(w);
        // 45 % = 20 % usable = 384 s: fixed 68.3 s, 4 × 20 s loiter, ~2 × 950 m out and back at 12 m/s ≈ 160 s
        HotspotPlan plan = planned(HotspotPlanner.plan(g, LIMITS, 45, PATROL));
        assertThat(plan.coveredWeight()).isEqualTo(40);
        assertThat(plan.route().waypoints()).hasSize(4);
        assertThat(RouteValidator.check(plan.route(), LIMITS, 45)).isEmpty();
        assertThat(plan.totalWeight()).isEqualTo(44);
        assertThat(plan.coveredFraction()).isCloseTo(40 / 44.0, within(1e-12));
    }

    @Test
    void tightBudget_aLoneHeavyCellFarOut_beatsLightCellsNearby() {
        double[][] w = zeros(20);
        w[19][19] = 50;  // ~1,340 m out
        for (int c = 8; c <= 11; c++) {
            w[9][c] = 1;  // four cells of 1 next to the nest
            w[10][c] = 1;
        }
        // 50 %: 480 s usable; the far cell alone costs 68.3 + 2 × 1,344 / 12 + 20 ≈ 312 s
        HotspotPlan plan = planned(HotspotPlanner.plan(grid(w), LIMITS, 50, PATROL));
        assertThat(visits(plan.route(), grid(w).centre(19, 19))).isTrue();
        assertThat(plan.coveredWeight()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void largeBudget_coversEveryCell_inAShortTour() {
        double[][] w = zeros(20);
        double total = 0;
        for (int r = 7; r <= 12; r++) {
            for (int c = 7; c <= 12; c++) {
                w[r][c] = 1 + (r * 7 + c) % 5;
                total += w[r][c];
            }
        }
        PatrolSettings quick = new PatrolSettings("sweep", 60, 12, 0, 2);
        HotspotPlan plan = planned(HotspotPlanner.plan(grid(w), LIMITS, 100, quick));
        assertThat(plan.route().waypoints()).hasSize(36);
        assertThat(plan.coveredWeight()).isEqualTo(total);
        assertThat(plan.coveredFraction()).isEqualTo(1.0);
        // 36 cells 100 m apart around the nest: a good tour is ~3.7 km; greedy + 2-opt should stay near it
        assertThat(plan.estimate().distanceM()).isLessThan(4500);
    }

    @Test
    void radiusFence_heavyCellsOutsideIt_areNeverVisited() {
        double[][] w = zeros(20);
        w[19][19] = 1000;  // ~1,340 m out
        w[0][0] = 1000;
        w[12][12] = 1;
        MissionLimits tight = LIMITS.withGeofence(Geofence.radius(1000));
        HotspotPlan plan = planned(HotspotPlanner.plan(grid(w), tight, 100, PATROL));
        assertThat(plan.coveredWeight()).isEqualTo(1);
        assertThat(plan.route().waypoints()).allSatisfy(p -> assertThat(NEST.distanceTo(p.point())).isLessThanOrEqualTo(1000));
    }

    @Test
    void concavePolygon_cellsInTheNotch_areSkipped_andNoLegCrossesIt() {
        // the U of RouteValidatorTest: notch x -50..50, y 50..300; arms up to y 300
        MissionLimits u = RouteValidatorTest.uAroundTheNest();
        double[][] w = new double[6][6];
        for (double[] row : w) {
            java.util.Arrays.fill(row, 1);
        }
        // 50 m cells, south-west corner at (-150, -150): centres at -125, -75, ..., 125; the notch
        // holds rows 4..5, cols 2..3
        w[4][2] = 100; // would be worth any detour
        HotspotGrid g = HotspotGrid.of(at(-150, -150), 50, w);
        HotspotPlan plan = planned(HotspotPlanner.plan(g, u, 100, PATROL));
        assertThat(visits(plan.route(), g.centre(4, 2))).isFalse();
        assertThat(RouteValidator.check(plan.route(), u, 100)).isEmpty();
        // both arms are visited: the tour goes round the notch, not across it
        assertThat(visits(plan.route(), g.centre(5, 0))).isTrue();
        assertThat(visits(plan.route(), g.centre(5, 5))).isTrue();
    }

    @Test
    void sameInput_samePlan() {
        Random rnd = new Random(7);
        double[][] w = zeros(30);
        for (double[] row : w) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rnd.nextDouble() < 0.3 ? rnd.nextDouble() * 10 : 0;
            }
        }
        HotspotGrid g = HotspotGrid.of(at(-1500, -1500), 100, w);
        HotspotOutcome a = HotspotPlanner.plan(g, LIMITS, 80, PATROL);
        HotspotOutcome b = HotspotPlanner.plan(HotspotGrid.of(at(-1500, -1500), 100, w), LIMITS, 80, PATROL);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void noPlan_whenTheSettingsBreakTheLimits() {
        double[][] w = zeros(20);
        w[10][10] = 1;
        HotspotOutcome o = HotspotPlanner.plan(grid(w), LIMITS, 100, new PatrolSettings("p", 150, 12, 0, 0));
        assertThat(o).isEqualTo(new NoHotspotPlan(NoHotspotPlan.SETTINGS_OUTSIDE_LIMITS,
                "patrol at 150 m and 12 m/s; the limits are 20..120 m and 15 m/s"));
        assertThat(HotspotPlanner.plan(grid(w), LIMITS, 100, new PatrolSettings("p", 60, 16, 0, 0)))
                .extracting(x -> ((NoHotspotPlan) x).code()).isEqualTo(NoHotspotPlan.SETTINGS_OUTSIDE_LIMITS);
    }

    @Test
    void noPlan_atTheReserve_withNoWeight_orNothingReachable() {
        double[][] w = zeros(20);
        assertThat(code(HotspotPlanner.plan(grid(w), LIMITS, 100, PATROL))).isEqualTo(NoHotspotPlan.NO_WEIGHT);
        w[19][19] = 1;
        assertThat(code(HotspotPlanner.plan(grid(w), LIMITS, 25, PATROL))).isEqualTo(NoHotspotPlan.BATTERY_AT_RESERVE);
        // 28 %: 3 % = 57.6 s usable, less than the fixed climb, descent and landing alone
        assertThat(code(HotspotPlanner.plan(grid(w), LIMITS, 28, PATROL))).isEqualTo(NoHotspotPlan.NOTHING_REACHABLE);
        assertThat(code(HotspotPlanner.plan(grid(w), LIMITS, 25.01, PATROL))).isEqualTo(NoHotspotPlan.NOTHING_REACHABLE);
    }

    private static String code(HotspotOutcome o) {
        return ((NoHotspotPlan) o).code();
    }

    @Test
    void aFullHundredByHundredGrid_isPlannedWithinTheWaypointLimit() {
        Random rnd = new Random(11);
        double[][] w = new double[100][100];
        for (double[] row : w) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rnd.nextDouble();
            }
        }
        HotspotGrid g = HotspotGrid.of(at(-2500, -2500), 50, w);
        MissionLimits wide = MissionLimits.defaults(NEST, 3000);
        HotspotPlan plan = planned(HotspotPlanner.plan(g, wide, 100, new PatrolSettings("big", 60, 12, 0, 0)));
        assertThat(plan.route().waypoints()).hasSizeLessThanOrEqualTo(Route.MAX_WAYPOINTS);
        assertThat(RouteValidator.check(plan.route(), wide, 100)).isEmpty();
    }

    /**
     * Random grids, fences, batteries and patrols from a fixed seed: every plan validates, its
     * covered weight is the sum of its cells, and it never covers less than the best single cell
     * that could be flown alone; when there is no plan, no single cell could be flown either.
     */
    @Test
    void randomGrids_everyPlanValidates_andCoversAtLeastTheBestSingleCell() {
        Random rnd = new Random(20260101L);
        int plans = 0;
        for (int trial = 0; trial < 250; trial++) {
            int rows = 2 + rnd.nextInt(24);
            int cols = 2 + rnd.nextInt(24);
            double cell = 40 + rnd.nextInt(200);
            double[][] w = new double[rows][cols];
            double sparsity = rnd.nextDouble();
            for (double[] row : w) {
                for (int c = 0; c < cols; c++) {
                    row[c] = rnd.nextDouble() < sparsity ? Math.floor(rnd.nextDouble() * 100) / 10 : 0;
                }
            }
            GeoPoint origin = at(-rnd.nextDouble() * rows * cell, -rnd.nextDouble() * cols * cell);
            HotspotGrid g = HotspotGrid.of(origin, cell, w);
            double radius = 300 + rnd.nextInt(3000);
            Geofence fence = Geofence.radius(radius);
            if (rnd.nextBoolean()) {
                fence = fence.withPolygon(starAroundTheNest(rnd, radius));
            }
            MissionLimits limits = new MissionLimits(NEST, fence, MissionLimits.Flight.defaults(),
                    new MissionLimits.Energy(Duration.ofMinutes(10 + rnd.nextInt(30)), 25, 15, 1 + rnd.nextDouble() * 0.5));
            double battery = 26 + rnd.nextDouble() * 74;
            PatrolSettings patrol = new PatrolSettings("t" + trial, 20 + rnd.nextInt(101), 3 + rnd.nextInt(13),
                    rnd.nextInt(4) * 10, rnd.nextInt(3));

            double baseline = bestSingleCell(g, limits, battery, patrol);
            HotspotOutcome o = HotspotPlanner.plan(g, limits, battery, patrol);
            String where = "trial " + trial;
            if (o instanceof HotspotPlan plan) {
                plans++;
                assertThat(RouteValidator.check(plan.route(), limits, battery)).as(where).isEmpty();
                assertThat(plan.coveredWeight()).as(where).isGreaterThanOrEqualTo(baseline);
                assertThat(plan.coveredWeight()).as(where).isCloseTo(weightOf(plan.route(), g), within(1e-9));
                assertThat(plan.estimate()).as(where).isEqualTo(RouteValidator.estimate(plan.route(), limits));
                assertThat(plan.route().waypoints()).as(where).doesNotHaveDuplicates();
            } else {
                assertThat(baseline).as(where + ": " + o).isZero();
            }
        }
        assertThat(plans).as("most trials have something to plan").isGreaterThan(100);
    }

    /** A star-shaped (so simple) polygon around the nest, 5..12 corners, reaching 0.3..1.3 × the radius. */
    private static List<GeoPoint> starAroundTheNest(Random rnd, double radius) {
        int k = 5 + rnd.nextInt(8);
        List<GeoPoint> vertices = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double angle = 2 * Math.PI * (i + 0.8 * rnd.nextDouble()) / k;
            double r = radius * (0.3 + rnd.nextDouble());
            vertices.add(at(r * Math.cos(angle), r * Math.sin(angle)));
        }
        return vertices;
    }

    private static double bestSingleCell(HotspotGrid g, MissionLimits limits, double battery, PatrolSettings p) {
        double best = 0;
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                double w = g.weight(r, c);
                if (w > best) {
                    Route single = new Route("one", List.of(new Waypoint(g.centre(r, c), p.altitudeM(), p.loiterS())),
                            p.speedMps(), p.captureIntervalS());
                    if (RouteValidator.check(single, limits, battery).isEmpty()) {
                        best = w;
                    }
                }
            }
        }
        return best;
    }

    private static double weightOf(Route route, HotspotGrid g) {
        double sum = 0;
        for (Waypoint wp : route.waypoints()) {
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.cols(); c++) {
                    if (g.centre(r, c).equals(wp.point())) {
                        sum += g.weight(r, c);
                    }
                }
            }
        }
        return sum;
    }
}

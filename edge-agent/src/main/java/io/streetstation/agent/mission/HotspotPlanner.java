package io.streetstation.agent.mission;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plans a patrol over central's hotspot map: a route from the nest through the cells worth most,
 * back to the nest, within the battery the drone may spend (its charge less the return reserve).
 * This is the orienteering problem (NP-hard); the heuristic here is sound and deterministic, not
 * optimal:
 * <ol>
 *   <li>candidates: cells with weight &gt; 0 whose centre is inside the geofence and whose
 *       out-and-back flight alone fits the budget (a lower bound on any route through them);</li>
 *   <li>grow: insert, one at a time, the candidate with the most weight per second of added time
 *       (detour at cruise speed + loiter), each at its cheapest place in the tour whose two new legs
 *       stay inside the geofence polygon; until nothing more fits or the route has
 *       {@value Route#MAX_WAYPOINTS} waypoints;</li>
 *   <li>shorten: 2-opt (reverse a stretch when that shortens the tour and its new legs stay
 *       inside); then grow again into the time saved, and repeat while anything changes;</li>
 *   <li>the same from a tour seeded with the heaviest cell that can be flown to and back, so a
 *       plan never covers less than the best single cell; the run with more weight wins (then the
 *       shorter).</li>
 * </ol>
 * The result is checked with {@link RouteValidator#check}; if float rounding ever put it a hair
 * over the budget, the waypoint with the least weight per second is dropped until it passes.
 *
 * <p>Distances are the validator's own ({@link GeoPoint#distanceTo}), all arithmetic is
 * {@link StrictMath} and ties go to the lower cell index, so the same input gives the same route.
 * Cost: about (cells × waypoints) distance evaluations per round; a 100 × 100 grid with 200
 * waypoints plans in seconds, not milliseconds — call it off any latency-sensitive thread.
 */
public final class HotspotPlanner {

    /** Budget shaved, relative, so the plan's own sums never land a rounding error over the estimate's. */
    private static final double BUDGET_MARGIN = 1e-9;
    /** Added time below this, s, counts as this: a cell on an existing leg still has a finite ratio. */
    private static final double MIN_ADDED_S = 1e-6;
    /** A 2-opt move must shorten the tour by more than this, m. */
    private static final double MIN_GAIN_M = 1e-6;
    private static final int MAX_ROUNDS = 20;

    private HotspotPlanner() {
    }

    /**
     * @param batteryPercent the charge to plan for, %, 0..100 (100 for a drone that launches full)
     */
    public static HotspotOutcome plan(HotspotGrid grid, MissionLimits limits, double batteryPercent,
                                      PatrolSettings settings) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(settings, "settings");
        if (!(batteryPercent >= 0 && batteryPercent <= 100)) {
            throw new IllegalArgumentException("battery must be 0..100 %, was " + batteryPercent);
        }
        MissionLimits.Flight f = limits.flight();
        if (settings.altitudeM() < f.minAltitudeM() || settings.altitudeM() > f.maxAltitudeM()
                || settings.speedMps() > f.maxSpeedMps()) {
            return new NoHotspotPlan(NoHotspotPlan.SETTINGS_OUTSIDE_LIMITS, String.format(Locale.ROOT,
                    "patrol at %s m and %s m/s; the limits are %s..%s m and %s m/s", Words.num(settings.altitudeM()),
                    Words.num(settings.speedMps()), Words.num(f.minAltitudeM()), Words.num(f.maxAltitudeM()),
                    Words.num(f.maxSpeedMps())));
        }
        double usable = batteryPercent - limits.energy().returnReservePercent();
        if (usable <= 0) {
            return new NoHotspotPlan(NoHotspotPlan.BATTERY_AT_RESERVE, String.format(Locale.ROOT,
                    "the battery at %.1f %% is not above the return reserve %.1f %%", batteryPercent,
                    limits.energy().returnReservePercent()));
        }
        return new Planner(grid, limits, batteryPercent, settings).run();
    }

    /** One planning run's working state; never shared. */
    private static final class Planner {

        private final HotspotGrid grid;
        private final MissionLimits limits;
        private final double battery;
        private final PatrolSettings settings;
        private final boolean polygon;
        private final double budgetS;
        private final double fixedS;

        // node 0 is the nest, nodes 1..m the candidate cells in cell-index order
        private GeoPoint[] point;
        private double[] latRad;
        private double[] lonRad;
        private double[] cosLat;
        private double[] weight;
        private int m;

        Planner(HotspotGrid grid, MissionLimits limits, double battery, PatrolSettings settings) {
            this.grid = grid;
            this.limits = limits;
            this.battery = battery;
            this.settings = settings;
            this.polygon = limits.geofence().polygon().isPresent();
            MissionLimits.Energy e = limits.energy();
            double usable = battery - e.returnReservePercent();
            this.budgetS = usable / 100 / e.windFactor() * (e.endurance().toNanos() / 1e9) * (1 - BUDGET_MARGIN);
            MissionLimits.Flight f = limits.flight();
            this.fixedS = settings.altitudeM() / f.climbRateMps()
                    + Math.max(0, settings.altitudeM() - f.landingFromM()) / f.descentRateMps()
                    + f.landingTime().toNanos() / 1e9;
        }

        HotspotOutcome run() {
            double total = grid.totalWeight();
            List<Integer> cells = new ArrayList<>();
            List<GeoPoint> centres = new ArrayList<>();
            for (int r = 0; r < grid.rows(); r++) {
                for (int c = 0; c < grid.cols(); c++) {
                    if (grid.weight(r, c) > 0) {
                        GeoPoint p = grid.centre(r, c);
                        if (limits.insideGeofence(p)) {
                            cells.add(r * grid.cols() + c);
                            centres.add(p);
                        }
                    }
                }
            }
            if (cells.isEmpty()) {
                return new NoHotspotPlan(NoHotspotPlan.NO_WEIGHT, "no cell of the " + grid.rows() + " × " + grid.cols()
                        + " grid with weight lies inside the geofence");
            }
            List<Integer> reachable = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                double d = limits.home().distanceTo(centres.get(i));
                if (fixedS + 2 * d / settings.speedMps() + settings.loiterS() <= budgetS) {
                    reachable.add(i);
                }
            }
            if (reachable.isEmpty()) {
                return new NoHotspotPlan(NoHotspotPlan.NOTHING_REACHABLE, String.format(Locale.ROOT,
                        "%d cells have weight inside the geofence, but none can be flown to and back on %.1f %% "
                                + "less the %.1f %% reserve", cells.size(), battery,
                        limits.energy().returnReservePercent()));
            }
            m = reachable.size();
            point = new GeoPoint[m + 1];
            weight = new double[m + 1];
            point[0] = limits.home();
            for (int k = 0; k < m; k++) {
                int i = reachable.get(k);
                point[k + 1] = centres.get(i);
                weight[k + 1] = grid.weights().get(cells.get(i));
            }
            latRad = new double[m + 1];
            lonRad = new double[m + 1];
            cosLat = new double[m + 1];
            for (int n = 0; n <= m; n++) {
                latRad[n] = Math.toRadians(point[n].lat());
                lonRad[n] = Math.toRadians(point[n].lon());
                cosLat[n] = StrictMath.cos(latRad[n]);
            }

            List<Integer> fromEmpty = improve(new ArrayList<>(List.of(0, 0)));
            int seed = heaviestFlyable();
            List<Integer> best = fromEmpty;
            if (seed > 0) {
                List<Integer> seeded = improve(new ArrayList<>(List.of(0, seed, 0)));
                double a = covered(fromEmpty);
                double b = covered(seeded);
                if (b > a || (b == a && length(seeded) < length(fromEmpty))) {
                    best = seeded;
                }
            }
            return finish(best, total);
        }

        /** The heaviest cell whose out-and-back legs stay inside the geofence, or 0 if none. */
        private int heaviestFlyable() {
            int best = 0;
            for (int c = 1; c <= m; c++) {
                if ((best == 0 || weight[c] > weight[best]) && legal(0, c, 0)) {
                    best = c;
                }
            }
            return best;
        }

        private List<Integer> improve(List<Integer> tour) {
            grow(tour);
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (!twoOpt(tour) || !grow(tour)) {
                    break;
                }
            }
            return tour;
        }

        private double timeOf(int cellsInTour, double lengthM) {
            return fixedS + lengthM / settings.speedMps() + cellsInTour * settings.loiterS();
        }

        /** Cheapest-insertion growth by weight per added second; whether anything was added. */
        private boolean grow(List<Integer> tour) {
            boolean[] in = new boolean[m + 1];
            for (int n : tour) {
                in[n] = true;
            }
            int[] bestFrom = new int[m + 1];
            double[] bestCost = new double[m + 1];
            for (int c = 1; c <= m; c++) {
                if (!in[c]) {
                    recompute(c, tour, bestFrom, bestCost);
                }
            }
            boolean added = false;
            double length = length(tour);
            while (tour.size() - 2 < Route.MAX_WAYPOINTS) {
                double now = timeOf(tour.size() - 2, length);
                int pick = 0;
                double pickRatio = -1;
                for (int c = 1; c <= m; c++) {
                    if (in[c] || bestFrom[c] < 0) {
                        continue;
                    }
                    double addS = bestCost[c] / settings.speedMps() + settings.loiterS();
                    if (now + addS <= budgetS) {
                        double ratio = weight[c] / Math.max(addS, MIN_ADDED_S);
                        if (ratio > pickRatio) {
                            pickRatio = ratio;
                            pick = c;
                        }
                    }
                }
                if (pick == 0) {
                    break;
                }
                int a = bestFrom[pick];
                int pos = tour.indexOf(a) + 1;
                int b = tour.get(pos);
                tour.add(pos, pick);
                in[pick] = true;
                added = true;
                length = length(tour);
                for (int d = 1; d <= m; d++) {
                    if (in[d]) {
                        continue;
                    }
                    if (bestFrom[d] == a) {
                        recompute(d, tour, bestFrom, bestCost);
                    } else {
                        offer(d, a, pick, bestFrom, bestCost);
                        offer(d, pick, b, bestFrom, bestCost);
                    }
                }
            }
            return added;
        }

        /** Cell {@code c}'s cheapest legal place in the tour, from scratch; -1 if none. */
        private void recompute(int c, List<Integer> tour, int[] bestFrom, double[] bestCost) {
            bestFrom[c] = -1;
            bestCost[c] = Double.POSITIVE_INFINITY;
            for (int i = 0; i + 1 < tour.size(); i++) {
                offer(c, tour.get(i), tour.get(i + 1), bestFrom, bestCost);
            }
        }

        /** Cell {@code c} between {@code a} and {@code b}, if that is cheaper than its best so far and legal. */
        private void offer(int c, int a, int b, int[] bestFrom, double[] bestCost) {
            double cost = dist(a, c) + dist(c, b) - dist(a, b);
            if (cost < bestCost[c] && legal(a, c, b)) {
                bestCost[c] = cost;
                bestFrom[c] = a;
            }
        }

        /** 2-opt until no reversal shortens the tour; whether it got shorter. */
        private boolean twoOpt(List<Integer> tour) {
            boolean shorter = false;
            boolean again = true;
            int n = tour.size();
            for (int pass = 0; again && pass < 100; pass++) {
                again = false;
                for (int i = 1; i < n - 2; i++) {
                    for (int j = i + 1; j < n - 1; j++) {
                        int a = tour.get(i - 1);
                        int b = tour.get(i);
                        int c = tour.get(j);
                        int d = tour.get(j + 1);
                        double gain = dist(a, b) + dist(c, d) - dist(a, c) - dist(b, d);
                        if (gain > MIN_GAIN_M && leg(a, c) && leg(b, d)) {
                            Collections.reverse(tour.subList(i, j + 1));
                            again = true;
                            shorter = true;
                        }
                    }
                }
            }
            return shorter;
        }

        private boolean legal(int a, int c, int b) {
            return leg(a, c) && leg(c, b);
        }

        private boolean leg(int a, int b) {
            return !polygon || a == b || limits.legInsideGeofence(point[a], point[b]);
        }

        private double dist(int a, int b) {
            return a == b ? 0 : GeoPoint.haversine(latRad[a], lonRad[a], cosLat[a], latRad[b], lonRad[b], cosLat[b]);
        }

        private double length(List<Integer> tour) {
            double sum = 0;
            for (int i = 0; i + 1 < tour.size(); i++) {
                sum += dist(tour.get(i), tour.get(i + 1));
            }
            return sum;
        }

        private double covered(List<Integer> tour) {
            double sum = 0;
            for (int n : tour) {
                sum += weight[n];
            }
            return sum;
        }

        private HotspotOutcome finish(List<Integer> tour, double total) {
            List<Integer> cells = new ArrayList<>(tour.subList(1, tour.size() - 1));
            while (!cells.isEmpty()) {
                Route route = route(cells);
                if (RouteValidator.check(route, limits, battery).isEmpty()) {
                    double covered = 0;
                    for (int c : cells) {
                        covered += weight[c];
                    }
                    return new HotspotPlan(route, covered, total, RouteValidator.estimate(route, limits));
                }
                cells.remove(cheapestToDrop(cells));
            }
            // unreachable while the seed's out-and-back fits: kept so a bug shows as a refusal, not a bad route
            return new NoHotspotPlan(NoHotspotPlan.NOTHING_REACHABLE,
                    "no route through the reachable cells passed the route check");
        }

        /** Index in {@code cells} of the one with the least weight per metre its removal saves. */
        private int cheapestToDrop(List<Integer> cells) {
            int worst = 0;
            double worstRatio = Double.POSITIVE_INFINITY;
            for (int i = 0; i < cells.size(); i++) {
                int prev = i == 0 ? 0 : cells.get(i - 1);
                int next = i == cells.size() - 1 ? 0 : cells.get(i + 1);
                int c = cells.get(i);
                double saved = dist(prev, c) + dist(c, next) - dist(prev, next);
                double ratio = weight[c] / Math.max(saved / settings.speedMps() + settings.loiterS(), MIN_ADDED_S);
                if (ratio < worstRatio) {
                    worstRatio = ratio;
                    worst = i;
                }
            }
            return worst;
        }

        private Route route(List<Integer> cells) {
            List<Waypoint> wps = new ArrayList<>(cells.size());
            for (int c : cells) {
                wps.add(new Waypoint(point[c], settings.altitudeM(), settings.loiterS()));
            }
            return new Route(settings.routeId(), wps, settings.speedMps(), settings.captureIntervalS());
        }
    }
}

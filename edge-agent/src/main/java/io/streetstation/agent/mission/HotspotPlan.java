package io.streetstation.agent.mission;

import java.util.Objects;

/**
 * A planned hotspot patrol. The route has passed {@link RouteValidator#check} for the battery it was
 * planned for.
 *
 * @param route the cells' centres to visit, nest to nest
 * @param coveredWeight the sum of the visited cells' weights (cells merely flown over do not count)
 * @param totalWeight the whole grid's weight, > 0
 * @param estimate the route's time and battery use
 */
public record HotspotPlan(Route route, double coveredWeight, double totalWeight, RouteEstimate estimate)
        implements HotspotOutcome {

    public HotspotPlan {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(estimate, "estimate");
        if (!(totalWeight > 0 && coveredWeight >= 0 && coveredWeight <= totalWeight * (1 + 1e-9))) {
            throw new IllegalArgumentException("covered weight " + coveredWeight + " must be 0..the total " + totalWeight);
        }
    }

    /** The share of the grid's weight visited, 0..1. */
    public double coveredFraction() {
        return Math.min(1, coveredWeight / totalWeight);
    }
}

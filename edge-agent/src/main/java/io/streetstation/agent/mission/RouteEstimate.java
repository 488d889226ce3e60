package io.streetstation.agent.mission;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How long a route takes from lift-off to touchdown on the bay, how far it goes and what it costs
 * in battery, from {@link RouteValidator#estimate}. The relay uses {@code arrivals} and
 * {@code percentUsed} to predict when an airborne drone must turn home and when the next must launch.
 *
 * @param duration lift-off to touchdown
 * @param distanceM horizontal distance, nest to nest, m
 * @param percentUsed battery used, % of a full charge, wind factor included; may exceed 100
 * @param arrivals for each waypoint, the time from lift-off to reaching it (before its loiter)
 */
public record RouteEstimate(Duration duration, double distanceM, double percentUsed, List<Duration> arrivals) {

    public RouteEstimate {
        Objects.requireNonNull(duration, "duration");
        arrivals = List.copyOf(Objects.requireNonNull(arrivals, "arrivals"));
    }

    /** What a drone starting at {@code batteryPercent} has at touchdown, %; negative means it would not make it. */
    public double percentLeft(double batteryPercent) {
        return batteryPercent - percentUsed;
    }
}

package io.streetstation.agent.nest;

import io.streetstation.agent.config.OperationsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the weather lets drones launch, and whether it recalls the airborne ones, with the
 * reasons in numbers. Fed every reading of the mast weather station ({@link #update}) and asked
 * again on a timer ({@link #decide}) so that a silent station turns into a hold and a hold clears
 * by itself.
 *
 * <pre>
 *   no reading / stale reading ─────────────► HOLD  (weather.unknown, weather.stale)
 *   a launch limit broken (moderate rain,
 *     wind or gust above, too cold or hot) ──► HOLD  (weather.rain, .wind, .gust, .cold, .hot)
 *   a recall limit broken (heavy rain,
 *     wind or gust above the recall limit) ──► RECALL (weather.rain-heavy, .wind-recall, .gust-recall)
 *   limits kept, but not yet for clear-after ► HOLD  (weather.clearing)
 *   otherwise ──────────────────────────────► GO
 *
 *   the board's backup rain sensor wet ─────► HOLD  (weather.rain-backup), beside whatever else holds
 * </pre>
 *
 * The backup rain sensor ({@link #backupRain}) is a wet/dry switch on the board, not a gauge: it
 * can hold launches but never clears a hold of the weather station's, and it recalls nobody (it
 * cannot tell a drizzle from a downpour). When it dries, the clear-after wait starts as after a bad
 * reading.
 *
 * The clear-after wait is the hysteresis: a shower that stops for a minute does not launch a drone
 * into the next one. Every limit is the last value allowed: wind 8.0 m/s launches, 8.1 does not;
 * rain 2.5 mm/h (light) launches, 2.6 (moderate) does not; 7.6 mm/h flies on, 7.7 (heavy) recalls.
 * Not thread-safe: the nest's actor owns it.
 */
public final class WeatherGate {

    /** The gate's verdict at one moment. */
    public sealed interface Decision {
        List<Reason> reasons();

        default boolean mayLaunch() {
            return this instanceof Go;
        }

        default boolean recall() {
            return this instanceof Recall;
        }
    }

    public record Go() implements Decision {
        @Override
        public List<Reason> reasons() {
            return List.of();
        }
    }

    public record Hold(List<Reason> reasons) implements Decision {
        public Hold {
            reasons = List.copyOf(reasons);
        }
    }

    /** Recall airborne drones (and, of course, launch none). */
    public record Recall(List<Reason> reasons) implements Decision {
        public Recall {
            reasons = List.copyOf(reasons);
        }
    }

    private final OperationsSettings.Weather limits;
    private WeatherReading latest;
    private Instant lastBadAt;
    private String lastBadWhy;
    private boolean backupWet;

    public WeatherGate(OperationsSettings.Weather limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A new reading; returns the decision as of its time. Readings older than the latest are ignored. */
    public Decision update(WeatherReading r) {
        if (latest != null && r.at().isBefore(latest.at())) {
            return decide(latest.at());
        }
        latest = r;
        List<Reason> bad = launchViolations(r);
        bad.addAll(recallViolations(r));
        if (!bad.isEmpty()) {
            lastBadAt = r.at();
            lastBadWhy = bad.getFirst().text();
        }
        return decide(r.at());
    }

    /**
     * The board's backup rain sensor is {@code wet} (or dry) as of station time {@code at}; returns
     * the decision then.
     */
    public Decision backupRain(boolean wet, Instant at) {
        if (backupWet && !wet) {
            lastBadAt = at;
            lastBadWhy = "the backup rain sensor's rain";
        }
        backupWet = wet;
        return decide(at);
    }

    /** The decision at station time {@code now}, from the latest reading and the backup rain sensor. */
    public Decision decide(Instant now) {
        List<Reason> backup = backupWet ? List.of(new Reason("weather.rain-backup", "the board's backup rain sensor is wet"
                + (latest == null ? "" : " (the weather station reads " + num(latest.rainMmPerH()) + " mm/h)")))
                : List.of();
        if (latest == null) {
            return new Hold(with(new Reason("weather.unknown", "no reading from the weather station yet"), backup));
        }
        Duration age = Duration.between(latest.at(), now);
        if (age.compareTo(limits.staleAfter()) > 0) {
            return new Hold(with(new Reason("weather.stale", "last weather reading " + age.toSeconds() + " s old, "
                    + "limit " + limits.staleAfter().toSeconds() + " s"), backup));
        }
        List<Reason> recall = recallViolations(latest);
        List<Reason> launch = launchViolations(latest);
        if (!recall.isEmpty()) {
            List<Reason> all = new ArrayList<>(recall);
            all.addAll(launch);
            all.addAll(backup);
            return new Recall(all);
        }
        if (!launch.isEmpty()) {
            launch.addAll(backup);
            return new Hold(launch);
        }
        if (!backup.isEmpty()) {
            return new Hold(backup);
        }
        if (lastBadAt != null) {
            Duration good = Duration.between(lastBadAt, now);
            if (good.compareTo(limits.clearAfter()) < 0) {
                return new Hold(List.of(new Reason("weather.clearing", "within limits for " + good.toSeconds() + " s of the "
                        + limits.clearAfter().toSeconds() + " s required after " + lastBadWhy)));
            }
        }
        return new Go();
    }

    private static List<Reason> with(Reason first, List<Reason> more) {
        List<Reason> all = new ArrayList<>(1 + more.size());
        all.add(first);
        all.addAll(more);
        return all;
    }

    /** Whether the board's backup rain sensor is wet now. */
    public boolean backupWet() {
        return backupWet;
    }

    /** The latest reading, if any. */
    public Optional<WeatherReading> latest() {
        return Optional.ofNullable(latest);
    }

    private List<Reason> launchViolations(WeatherReading r) {
        List<Reason> out = new ArrayList<>();
        if (r.rainMmPerH() > limits.rainLaunchMax()) {
            out.add(new Reason("weather.rain", "rain " + num(r.rainMmPerH()) + " mm/h (" + rainClass(r.rainMmPerH())
                    + "), launch limit " + num(limits.rainLaunchMax()) + " mm/h"));
        }
        if (r.windMps() > limits.windLaunchMax()) {
            out.add(new Reason("weather.wind", "wind " + num(r.windMps()) + " m/s, launch limit " + num(limits.windLaunchMax())
                    + " m/s"));
        }
        if (r.gustMps() > limits.gustLaunchMax()) {
            out.add(new Reason("weather.gust", "gusts " + num(r.gustMps()) + " m/s, launch limit " + num(limits.gustLaunchMax())
                    + " m/s"));
        }
        if (r.temperatureC() < limits.temperatureMin()) {
            out.add(new Reason("weather.cold", "outside " + num(r.temperatureC()) + " °C, launch needs at least "
                    + num(limits.temperatureMin()) + " °C"));
        }
        if (r.temperatureC() > limits.temperatureMax()) {
            out.add(new Reason("weather.hot", "outside " + num(r.temperatureC()) + " °C, launch needs at most "
                    + num(limits.temperatureMax()) + " °C"));
        }
        return out;
    }

    private List<Reason> recallViolations(WeatherReading r) {
        List<Reason> out = new ArrayList<>();
        if (r.rainMmPerH() > limits.rainRecall()) {
            out.add(new Reason("weather.rain-heavy", "rain " + num(r.rainMmPerH()) + " mm/h, recall limit "
                    + num(limits.rainRecall()) + " mm/h"));
        }
        if (r.windMps() > limits.windRecall()) {
            out.add(new Reason("weather.wind-recall", "wind " + num(r.windMps()) + " m/s, recall limit "
                    + num(limits.windRecall()) + " m/s"));
        }
        if (r.gustMps() > limits.gustRecall()) {
            out.add(new Reason("weather.gust-recall", "gusts " + num(r.gustMps()) + " m/s, recall limit "
                    + num(limits.gustRecall()) + " m/s"));
        }
        return out;
    }

    /** AMS rain-intensity class. */
    static String rainClass(double mmPerH) {
        return mmPerH <= 2.5 ? "light" : mmPerH <= 7.6 ? "moderate" : "heavy";
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}

package io.streetstation.hil.rig.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The weather station's readings over a simulated day: a script of key points interpolated
 * linearly, gusts drawn from a seeded random source (so a seed gives the same day every run), and
 * injected overrides (rain onset, a gust) that last a given time.
 */
public final class WeatherModel {

    /**
     * One point of the script.
     *
     * @param at time since the start of the simulation
     * @param wind sustained wind, m/s
     * @param gustFactor peak gust as a multiple of the sustained wind, ≥ 1
     * @param directionDeg where the wind comes from, 0..359
     * @param rain rain rate, mm/h
     * @param temperature air temperature, °C
     * @param humidity relative humidity, %
     */
    public record Point(Duration at, double wind, double gustFactor, double directionDeg, double rain,
                        double temperature, double humidity) {
    }

    /** What the station's sensors report at one moment. */
    public record Reading(double wind, double gust, double directionDeg, double rain, double temperature,
                          double humidity, double pressureHpa) {
    }

    private final List<Point> script;
    private final Random random;
    private Duration now = Duration.ZERO;
    private Override override;

    private record Override(Duration until, Double wind, Double gust, Double rain) {
    }

    public WeatherModel(List<Point> script, long seed) {
        if (script.isEmpty()) {
            throw new IllegalArgumentException("weather script needs at least one point");
        }
        List<Point> sorted = new ArrayList<>(script);
        sorted.sort(Comparator.comparing(Point::at));
        this.script = List.copyOf(sorted);
        this.random = new Random(seed);
    }

    /** A calm, dry, mild day. */
    public static WeatherModel calm(long seed) {
        return new WeatherModel(List.of(new Point(Duration.ZERO, 3.0, 1.4, 120, 0, 18, 55)), seed);
    }

    public void step(Duration dt) {
        now = now.plus(dt);
        if (override != null && now.compareTo(override.until) >= 0) {
            override = null;
        }
    }

    /** Fault injection: rain at {@code mmPerHour} for {@code duration}. */
    public void rain(double mmPerHour, Duration duration) {
        override = new Override(now.plus(duration), override == null ? null : override.wind, null, mmPerHour);
    }

    /** Fault injection: sustained wind and gust for {@code duration}. */
    public void wind(double sustained, double gust, Duration duration) {
        override = new Override(now.plus(duration), sustained, gust, override == null ? null : override.rain);
    }

    public Reading read() {
        Point p = interpolate();
        double wind = override != null && override.wind != null ? override.wind : p.wind();
        double gust = override != null && override.gust != null
                ? override.gust
                : wind * (1.0 + (p.gustFactor() - 1.0) * random.nextDouble());
        double rain = override != null && override.rain != null ? override.rain : p.rain();
        return new Reading(wind, Math.max(wind, gust), p.directionDeg(), rain, p.temperature(), p.humidity(), 1013.0);
    }

    private Point interpolate() {
        Point prev = script.get(0);
        if (now.compareTo(prev.at()) <= 0) {
            return prev;
        }
        for (Point next : script) {
            if (next.at().compareTo(now) >= 0) {
                double span = next.at().minus(prev.at()).toNanos();
                double f = span == 0 ? 1 : now.minus(prev.at()).toNanos() / span;
                return new Point(now, lerp(prev.wind(), next.wind(), f), lerp(prev.gustFactor(), next.gustFactor(), f),
                        lerp(prev.directionDeg(), next.directionDeg(), f), lerp(prev.rain(), next.rain(), f),
                        lerp(prev.temperature(), next.temperature(), f), lerp(prev.humidity(), next.humidity(), f));
            }
            prev = next;
        }
        return prev;
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }
}

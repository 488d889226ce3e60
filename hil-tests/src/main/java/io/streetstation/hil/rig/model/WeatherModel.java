package io.streetstation.hil.rig.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The weather station's readings over a simulated day: a script of key points interpolated
 * linearly, gusts drawn from the seed and the station second (so a seed gives the same readings
 * at the same station time however often or irregularly they are read), and injected overrides
 * (rain onset, a gust) that last a given time.
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
    private final long seed;
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
        this.seed = seed;
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
                : wind * (1.0 + (p.gustFactor() - 1.0) * gustDraw());
        double rain = override != null && override.rain != null ? override.rain : p.rain();
        return new Reading(wind, Math.max(wind, gust), p.directionDeg(), rain, p.temperature(), p.humidity(), 1013.0);
    }

    /** A uniform draw in [0, 1) fixed by the seed and the current station second. */
    private double gustDraw() {
        return new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + now.toSeconds()).nextDouble();
    }

    /**
     * A scripted 24-hour day drawn from {@code seed}: sustained wind following the day (calm at
     * night, strongest mid-afternoon, 1.5–7 m/s) with gusts up to 1.3–1.9 times it, temperature
     * between a dawn low and an afternoon high, and zero to two showers of 20–90 minutes whose
     * intensity ranges from light (1 mm/h) to heavy (12 mm/h). Points every 10 minutes.
     */
    public static WeatherModel day(long seed) {
        Random r = new Random(seed);
        double windPeak = 3.5 + 3.5 * r.nextDouble();
        double gustFactor = 1.3 + 0.6 * r.nextDouble();
        double direction = r.nextInt(360);
        double low = 8 + 10 * r.nextDouble();
        double high = low + 6 + 6 * r.nextDouble();
        int showers = r.nextInt(3);
        int[] start = new int[showers];
        int[] length = new int[showers];
        double[] rate = new double[showers];
        for (int i = 0; i < showers; i++) {
            start[i] = r.nextInt(22 * 60);
            length[i] = 20 + r.nextInt(71);
            rate[i] = 1 + 11 * r.nextDouble();
        }
        List<Point> points = new ArrayList<>();
        for (int minute = 0; minute <= 24 * 60; minute += 10) {
            double hour = minute / 60.0;
            double daylight = Math.max(0, Math.sin(Math.PI * (hour - 6) / 12));    // 0 at night, 1 at 12:00
            double afternoon = Math.max(0, Math.sin(Math.PI * (hour - 8) / 12));   // peaks at 14:00
            double wind = 1.5 + (windPeak - 1.5) * afternoon;
            double temperature = low + (high - low) * afternoon;
            double rain = 0;
            for (int i = 0; i < showers; i++) {
                if (minute >= start[i] && minute < start[i] + length[i]) {
                    rain = Math.max(rain, rate[i]);
                }
            }
            double humidity = Math.min(98, 85 - 30 * daylight + (rain > 0 ? 15 : 0));
            points.add(new Point(Duration.ofMinutes(minute), wind, gustFactor, direction, rain, temperature, humidity));
        }
        return new WeatherModel(points, seed);
    }

    /** The script's points (for reports: when it rained, how windy it was). */
    public List<Point> script() {
        return script;
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

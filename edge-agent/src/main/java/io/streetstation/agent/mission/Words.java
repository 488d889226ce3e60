package io.streetstation.agent.mission;

import java.time.Duration;
import java.util.Locale;

/** Numbers in problem words: grouped thousands, and a decimal only when it tells a value from its limit. */
final class Words {

    private Words() {
    }

    /**
     * {@code value} next to {@code limit}, with as few decimals (0..3) as tell them apart: "2,140"
     * against "1,500", "15.5" against "15", "19.99" against "20".
     */
    static String num(double value, double limit) {
        for (int decimals = 0; decimals < 3; decimals++) {
            if (decimals == 0 && Math.abs(value) < 100 && Math.rint(value) != value) {
                continue; // small non-integral values keep a decimal: speeds, altitudes
            }
            String v = format(value, decimals);
            if (value == limit || !v.equals(format(limit, decimals))) {
                return v;
            }
        }
        return format(value, 3);
    }

    /** A value on its own: whole above 100 or when integral, else one decimal. */
    static String num(double value) {
        return format(value, Math.abs(value) >= 100 || Math.rint(value) == value ? 0 : 1);
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String duration(Duration d) {
        long s = Math.round(d.toNanos() / 1e9);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}

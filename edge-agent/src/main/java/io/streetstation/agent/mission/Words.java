package io.streetstation.agent.mission;

import java.time.Duration;
import java.util.Locale;

/** Numbers in problem words: grouped thousands, and a decimal only when it tells a value from its limit. */
final class Words {

    private Words() {
    }

    /** {@code value} next to {@code limit}: "2,140" against "1,500", but "1,500.4" against "1,500". */
    static String num(double value, double limit) {
        boolean sameRounded = Math.round(value) == Math.round(limit);
        return String.format(Locale.ROOT, sameRounded && value != limit ? "%,.1f" : "%,.0f", value);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, Math.rint(value) == value ? "%,.0f" : "%,.1f", value);
    }

    static String duration(Duration d) {
        long s = Math.round(d.toNanos() / 1e9);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}

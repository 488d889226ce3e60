package io.streetstation.hil.bench;

import java.util.Locale;

/** One measured figure, printed as {@code BENCH <name> <value> <unit>}. */
public record Figure(String name, double value, String unit) {
    public String line() {
        String v = Math.abs(value) >= 1000 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3f", value);
        return "BENCH " + name + " " + v + " " + unit;
    }
}

package io.streetstation.hil.bench;

import java.util.List;

/**
 * JVM flags a benchmark fork runs with. {@code PI} approximates a Raspberry-Pi-class board's
 * constraints on this machine: small heap, serial GC, C1 only (no C2 warm-up gains).
 */
public enum JvmProfile {
    DEFAULT("", List.of("-Xms256m", "-Xmx256m")),
    PI("_pi", List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));

    private final String suffix;
    private final List<String> flags;

    JvmProfile(String suffix, List<String> flags) {
        this.suffix = suffix;
        this.flags = flags;
    }

    /** Appended to a figure's name so both profiles can be reported side by side. */
    public String suffix() {
        return suffix;
    }

    public List<String> flags() {
        return flags;
    }
}

package io.streetstation.bridge.gpio;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The board's pins: which provider, which inputs, which outputs. Ids and BCM numbers must be unique
 * across inputs and outputs.
 */
public record GpioConfig(GpioProvider provider, List<InputPinConfig> inputs, List<OutputPinConfig> outputs) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** BCM numbers on the 40-pin header of every Pi since the B+. */
    static final int MAX_BCM = 27;

    public GpioConfig {
        Objects.requireNonNull(provider, "gpio provider (gpiod or mock) must be set explicitly");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Set<String> ids = new HashSet<>();
        Set<Integer> pins = new HashSet<>();
        for (InputPinConfig in : inputs) {
            unique(ids, pins, in.id(), in.bcm());
        }
        for (OutputPinConfig out : outputs) {
            unique(ids, pins, out.id(), out.bcm());
        }
    }

    private static void unique(Set<String> ids, Set<Integer> pins, String id, int bcm) {
        if (!ids.add(id)) {
            throw new IllegalArgumentException("gpio: pin id '" + id + "' is used twice");
        }
        if (!pins.add(bcm)) {
            throw new IllegalArgumentException("gpio: BCM " + bcm + " is used twice (second use: '" + id + "')");
        }
    }

    static void checkPin(String id, int bcm) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("gpio: pin id '" + id + "' must match " + ID.pattern());
        }
        if (bcm < 0 || bcm > MAX_BCM) {
            throw new IllegalArgumentException("gpio: pin '" + id + "' BCM number must be 0.." + MAX_BCM + ", was " + bcm);
        }
    }
}

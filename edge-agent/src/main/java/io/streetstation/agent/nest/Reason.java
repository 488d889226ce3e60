package io.streetstation.agent.nest;

import java.util.Objects;

/**
 * Why something is not allowed now, before it is tied to an actuation.
 *
 * @param code stable, dotted: {@code weather.rain}, {@code bay.empty}
 * @param text for people, with the numbers
 */
public record Reason(String code, String text) {

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }
}

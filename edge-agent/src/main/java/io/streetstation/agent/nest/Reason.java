package io.streetstation.agent.nest;

import java.util.Objects;

/**
 * Why something is not allowed now, before it is tied to an actuation.
 *
 * @param code stable, dotted: {@code weather.rain}, {@code bay.empty}
 * @param text for people, with the numbers
 */
public record Reason(String code, String text) {

    /** As the contract's event codes: {@code weather.rain-heavy}. */
    static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9-]+)*");

    public Reason {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a code is lower-case words joined by dots (hyphens within), was '" + code + "'");
        }
        Objects.requireNonNull(text, "text");
    }
}

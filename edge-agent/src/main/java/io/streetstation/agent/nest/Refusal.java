package io.streetstation.agent.nest;

import java.util.Objects;

/**
 * Why an actuation may not happen now: a value that travels to the uplink (a {@code rejected} or
 * {@code failed} reply, a refusal event) and the CLI unchanged.
 *
 * @param code stable, dotted, for machines: {@code estop.active}, {@code weather.rain}
 * @param action what was refused
 * @param bay the bay it was about, 1..4, or 0 for the roof
 * @param reason for people, with the numbers: "bay 2: drone at 42 %, launch floor 50 %"
 */
public record Refusal(String code, Actuation action, int bay, String reason) {

    public Refusal {
        Objects.requireNonNull(code, "code");
        if (!Reason.CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a code is lower-case words joined by dots (hyphens within), was '" + code + "'");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (bay < 0 || bay > 4) {
            throw new IllegalArgumentException("bay must be 0..4, was " + bay);
        }
    }

    /** Refusals as one line for a reply or a step's failure: {@code code: reason; code: reason}. */
    public static String join(java.util.List<Refusal> refusals) {
        return refusals.stream().map(r -> r.code() + ": " + r.reason()).collect(java.util.stream.Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return action.word() + (bay > 0 ? " bay " + bay : "") + " refused [" + code + "]: " + reason;
    }
}

package io.streetstation.agent.uplink.command;

/**
 * Why a command is refused: a value, not an exception, because a rejection is an ordinary answer
 * to central (a {@code rejected} reply) and never reaches hardware.
 *
 * @param code one of {@link RejectionCodes}; machines match on it
 * @param text for people: names the field or key and what is wrong with it
 */
public record Rejection(String code, String text) {

    /** The reply schema's limit on {@code reason}. */
    static final int MAX_REASON = 500;
    /** Values from the payload are echoed at most this long, so a hostile payload cannot fill the reply. */
    private static final int MAX_ECHO = 48;

    public Rejection {
        if (code == null || code.isBlank() || text == null || text.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a code and a text, got " + code + " / " + text);
        }
    }

    /** {@code code: text}, as the reply's {@code reason}; at most 500 characters. */
    public String reason() {
        String r = code + ": " + text;
        return r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON - 1) + "…";
    }

    /**
     * A value from an untrusted payload, safe to put in a reason: quoted, control characters
     * escaped, cut after 48 characters.
     */
    static String quote(String untrusted) {
        StringBuilder b = new StringBuilder("'");
        untrusted.codePoints().limit(MAX_ECHO).forEach(c -> {
            if (Character.isISOControl(c) || c == '\'' || c == '\\') {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(untrusted.codePointCount(0, untrusted.length()) > MAX_ECHO ? "…'" : "'").toString();
    }
}

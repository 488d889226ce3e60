package io.streetstation.bridge.frame;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The payload of a NAK frame: why the receiver refused a data frame, with a short text for the
 * technician (PROTOCOL.md §3.1). Layout: {@code u8 reason, u8 n, n bytes UTF-8}, n 0..120.
 */
public record Nak(NakReason reason, String detail) {

    /** Longest detail text, UTF-8 bytes; longer texts are cut at a character boundary. */
    public static final int MAX_DETAIL = 120;

    public Nak {
        Objects.requireNonNull(reason, "reason");
        detail = truncate(Objects.requireNonNull(detail, "detail"));
    }

    private static String truncate(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_DETAIL) {
            return s;
        }
        int end = s.length();
        while (s.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_DETAIL) {
            end--;
        }
        return s.substring(0, end);
    }

    byte[] encode() {
        byte[] text = detail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + text.length];
        out[0] = (byte) reason.code();
        out[1] = (byte) text.length;
        System.arraycopy(text, 0, out, 2, text.length);
        return out;
    }

    /**
     * Reads a NAK payload leniently: a NAK is already bad news, so an unknown reason becomes
     * {@link NakReason#UNSPECIFIED} and a malformed text is replaced, never an error.
     */
    static Nak decode(byte[] p) {
        if (p.length == 0) {
            return new Nak(NakReason.UNSPECIFIED, "(empty NAK payload)");
        }
        NakReason reason = NakReason.fromCode(p[0] & 0xFF);
        int n = p.length > 1 ? Math.min(p[1] & 0xFF, p.length - 2) : 0;
        String text = new String(p, 2, Math.max(0, n), StandardCharsets.UTF_8);
        return new Nak(reason, text);
    }
}

package io.streetstation.bridge.frame.msg;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Range checks shared by the message records; failures name the field and the range. */
final class Check {

    private Check() {
    }

    static int range(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new BadPayloadException(field + " " + v + " out of range " + min + ".." + max);
        }
        return v;
    }

    static long range(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new BadPayloadException(field + " " + v + " out of range " + min + ".." + max);
        }
        return v;
    }

    /** 0..100 %, or 255 when {@code unknownAllowed}. */
    static int percent(String field, int v, boolean unknownAllowed) {
        if (unknownAllowed && v == 255) {
            return v;
        }
        return range(field, v, 0, 100);
    }

    static String str(String field, String s, int maxBytes) {
        Objects.requireNonNull(s, field);
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        if (n > maxBytes) {
            throw new BadPayloadException(field + ": " + n + " UTF-8 bytes > " + maxBytes);
        }
        return s;
    }

    static <T> T notNull(String field, T v) {
        if (v == null) {
            throw new BadPayloadException(field + " missing");
        }
        return v;
    }
}

package io.streetstation.agent.uplink.command;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an MQTT payload into a {@link Command}, or says precisely why not — following
 * {@code command.schema.json} to the letter: all thirteen fields, no others, the patterns, the
 * enums, UTC times. Strict on purpose: anything the schema does not allow is rejected before a
 * single field is trusted, and a lenient reading here would be a second, unsigned interpretation
 * of what central signed.
 *
 * <p>Beyond the schema: duplicate keys and trailing content are malformed (two readers could
 * disagree about them); integers in params must be exact in IEEE double (±2⁵³), numbers finite and
 * strings free of unpaired surrogates, because RFC 8785 hashes numbers as doubles and strings as
 * UTF-8 — otherwise a value could be changed without changing the signed digest. A signature that
 * is not base64 is {@code signature.bad}, not {@code malformed}: it is a bad signature, and the
 * contract's base64 is an annotation, not a pattern.
 *
 * <p>Thread-safe; holds no state.
 */
public final class CommandParser {

    /** The largest payload read, bytes; larger ones are rejected unread. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    /** The result of parsing: a well-formed command, or a rejection. */
    public sealed interface Result permits Parsed, Rejected {
    }

    /** Well-formed; not yet verified. */
    public record Parsed(Command command) implements Result {
    }

    /**
     * Refused before verification.
     *
     * @param commandId the command's id when it could be read (a valid id), so the rejection can be
     *     answered under it; empty otherwise
     */
    public record Rejected(Rejection rejection, Optional<String> commandId) implements Result {
    }

    static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final Pattern STATION = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");
    static final Pattern DEVICE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,40}");
    static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    static final String SCHEMA = "station.command/1";
    static final int MAX_SIGNATURE = 200;
    /** In schema order; the order problems are reported in. */
    static final List<String> FIELDS = List.of("schema", "id", "station", "target", "name", "params", "issuedAt",
            "expiresAt", "nonce", "scope", "keyId", "alg", "signature");

    private static final Map<String, Scope> SCOPES = Map.of("operate", Scope.OPERATE, "maintenance", Scope.MAINTENANCE);
    private static final Map<String, Alg> ALGS = Map.of("Ed25519", Alg.ED25519, "HMAC-SHA256", Alg.HMAC_SHA256);
    private static final BigInteger EXACT = BigInteger.TWO.pow(53);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CommandParser() {
    }

    /**
     * @param payload the MQTT payload, UTF-8 JSON
     * @param responseTopic the MQTT 5 response topic, or null
     * @param correlationData the MQTT 5 correlation data, or null
     */
    public static Result parse(byte[] payload, String responseTopic, byte[] correlationData) {
        if (payload.length > MAX_PAYLOAD) {
            return rejected("payload is " + payload.length + " bytes, more than the " + MAX_PAYLOAD + " allowed", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JacksonException e) {
            return rejected("not JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            return rejected("unreadable: " + e.getMessage(), null);
        }
        if (root == null || root.isMissingNode()) {
            return rejected("empty payload", null);
        }
        if (!root.isObject()) {
            return rejected("a command is a JSON object, this is " + kind(root), null);
        }
        String id = root.path("id").isTextual() && ID.matcher(root.path("id").textValue()).matches()
                ? root.path("id").textValue() : null;
        try {
            return new Parsed(read((ObjectNode) root, responseTopic, correlationData));
        } catch (Refused r) {
            return new Rejected(r.rejection, Optional.ofNullable(id));
        }
    }

    private static Command read(ObjectNode o, String responseTopic, byte[] correlationData) {
        Set<String> extra = new LinkedHashSet<>();
        o.fieldNames().forEachRemaining(extra::add);
        FIELDS.forEach(extra::remove);
        if (!extra.isEmpty()) {
            throw malformed("unexpected field" + (extra.size() > 1 ? "s " : " ")
                    + String.join(", ", extra.stream().map(Rejection::quote).toList()) + " (no additional properties allowed)");
        }
        List<String> missing = FIELDS.stream().filter(f -> !o.has(f)).toList();
        if (!missing.isEmpty()) {
            throw malformed("missing field" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!SCHEMA.equals(string(o, "schema"))) {
            throw malformed("schema must be " + SCHEMA + ", was " + Rejection.quote(string(o, "schema")));
        }
        String id = matching(o, "id", ID, "a lower-case UUID");
        String station = matching(o, "station", STATION, "a station id ([a-z0-9][a-z0-9-]{2,62})");
        String target = matching(o, "target", DEVICE, "station or a device name ([a-z][a-z0-9-]{0,31})");
        String name = matching(o, "name", NAME, "a command name ([a-z][a-z0-9_]{1,40})");
        ObjectNode params = params(o);
        String issuedAt = time(o, "issuedAt");
        String expiresAt = time(o, "expiresAt");
        String nonce = matching(o, "nonce", NONCE, "16..64 characters of A-Z a-z 0-9 _ -");
        Scope scope = oneOf(o, "scope", SCOPES);
        String keyId = matching(o, "keyId", KEY_ID, "1..40 characters of A-Z a-z 0-9 . _ -");
        Alg alg = oneOf(o, "alg", ALGS);
        byte[] signature = signature(o);
        return new Command(id, station, target, name, params, Instant.parse(issuedAt), Instant.parse(expiresAt), nonce,
                scope, keyId, alg, signature, responseTopic, correlationData, issuedAt, expiresAt);
    }

    private static String string(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (!v.isTextual()) {
            throw malformed(field + " must be a string, was " + kind(v));
        }
        return v.textValue();
    }

    private static String matching(ObjectNode o, String field, Pattern p, String what) {
        String v = string(o, field);
        if (!p.matcher(v).matches()) {
            throw malformed(field + " must be " + what + ", was " + Rejection.quote(v));
        }
        return v;
    }

    private static String time(ObjectNode o, String field) {
        String v = matching(o, field, TIME, "a UTC time like 2026-11-23T12:00:00.250Z");
        try {
            Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw malformed(field + " is not a real date and time: " + Rejection.quote(v));
        }
        return v;
    }

    private static <T> T oneOf(ObjectNode o, String field, Map<String, T> allowed) {
        String v = string(o, field);
        T t = allowed.get(v);
        if (t == null) {
            throw malformed(field + " must be one of " + String.join(", ", allowed.keySet().stream().sorted().toList())
                    + ", was " + Rejection.quote(v));
        }
        return t;
    }

    private static ObjectNode params(ObjectNode o) {
        JsonNode p = o.get("params");
        if (!p.isObject()) {
            throw malformed("params must be an object, was " + kind(p));
        }
        checkSignable(p, "params");
        return (ObjectNode) p;
    }

    /**
     * Every value must hash (RFC 8785) to exactly what the station will act on: numbers as IEEE
     * doubles, strings as UTF-8 — so no integer beyond ±2⁵³, no infinite number, no unpaired
     * surrogate (which UTF-8 cannot carry, so two different ones would hash the same).
     */
    private static void checkSignable(JsonNode n, String path) {
        if (n.isIntegralNumber() && n.bigIntegerValue().abs().compareTo(EXACT) > 0) {
            throw malformed(path + " is an integer beyond ±2^53, which JSON canonicalisation cannot sign exactly; "
                    + "send it as a string");
        }
        if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
            throw malformed(path + " is a number out of double range");
        }
        if (n.isTextual() && !wellFormed(n.textValue())) {
            throw malformed(path + " holds an unpaired UTF-16 surrogate");
        }
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!wellFormed(e.getKey())) {
                    throw malformed(path + " has a key with an unpaired UTF-16 surrogate");
                }
                checkSignable(e.getValue(), path + "." + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                checkSignable(n.get(i), path + "[" + i + "]");
            }
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] signature(ObjectNode o) {
        String v = string(o, "signature");
        if (v.length() > MAX_SIGNATURE) {
            throw malformed("signature is " + v.length() + " characters, at most " + MAX_SIGNATURE + " allowed");
        }
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new Refused(new Rejection(RejectionCodes.SIGNATURE_BAD, "signature is not base64 (" + e.getMessage() + ")"));
        }
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, MISSING -> n.getNodeType().name().toLowerCase();
        };
    }

    private static Rejected rejected(String text, String id) {
        return new Rejected(new Rejection(RejectionCodes.MALFORMED, text), Optional.ofNullable(id));
    }

    private static Refused malformed(String text) {
        return new Refused(new Rejection(RejectionCodes.MALFORMED, text));
    }

    /** Unwinds the field readers on the first problem; no stack trace, it is an expected outcome. */
    private static final class Refused extends RuntimeException {
        private final transient Rejection rejection;

        Refused(Rejection rejection) {
            super(rejection.reason(), null, false, false);
            this.rejection = rejection;
        }
    }
}

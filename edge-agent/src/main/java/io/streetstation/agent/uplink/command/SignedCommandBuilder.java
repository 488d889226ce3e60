package io.streetstation.agent.uplink.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Central's side of the command contract: makes complete, signed command JSON the way central
 * does, for tests, the HIL suite and the virtual rig. The station never uses it.
 *
 * <p>Immutable: every wither returns a new builder, so one signed command can be the parent of
 * many variants. Signing is a snapshot — {@link #signEd25519} and {@link #signHmac} sign the fields
 * as they are at that moment; a wither used <em>after</em> signing changes the field but keeps the
 * old signature, which is exactly how a tampered command is made:
 *
 * <pre>{@code
 * SignedCommandBuilder good = SignedCommandBuilder.command("zb-017", now).withName("open_roof").signEd25519("central-1", key);
 * byte[] tampered = good.withTarget("bay-2").json();        // signature no longer covers the target
 * byte[] garbled  = good.with("nonce", IntNode.valueOf(7)).json();
 * byte[] stripped = good.without("signature").json();
 * }</pre>
 */
public final class SignedCommandBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectNode fields;

    private SignedCommandBuilder(ObjectNode fields) {
        this.fields = fields;
    }

    /**
     * An unsigned {@code status} command for {@code station} targeting {@code station}: a fresh id
     * and nonce, empty params, scope operate, issued {@code now} (ms), expiring 60 s later.
     */
    public static SignedCommandBuilder command(String station, Instant now) {
        ObjectNode f = JSON.createObjectNode();
        f.put("schema", CommandParser.SCHEMA);
        f.put("id", UUID.randomUUID().toString());
        f.put("station", station);
        f.put("target", "station");
        f.put("name", "status");
        f.putObject("params");
        f.put("issuedAt", time(now));
        f.put("expiresAt", time(now.plus(Duration.ofSeconds(60))));
        f.put("nonce", newNonce());
        f.put("scope", CommandSignature.scopeName(Scope.OPERATE));
        return new SignedCommandBuilder(f);
    }

    /** 24 random characters of the nonce alphabet (18 bytes of entropy). */
    public static String newNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public SignedCommandBuilder withId(String id) {
        return with("id", id);
    }

    public SignedCommandBuilder withStation(String station) {
        return with("station", station);
    }

    public SignedCommandBuilder withTarget(String target) {
        return with("target", target);
    }

    public SignedCommandBuilder withName(String name) {
        return with("name", name);
    }

    public SignedCommandBuilder withParams(ObjectNode params) {
        return with("params", params);
    }

    /** @param json a JSON object, e.g. {@code {"bay":2}} */
    public SignedCommandBuilder withParams(String json) {
        try {
            return with("params", JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params are not JSON: " + json, e);
        }
    }

    /** Written as central does: ISO UTC with milliseconds. */
    public SignedCommandBuilder withIssuedAt(Instant t) {
        return with("issuedAt", time(t));
    }

    /** The exact text, e.g. a spelling the station must reject. */
    public SignedCommandBuilder withIssuedAt(String text) {
        return with("issuedAt", text);
    }

    public SignedCommandBuilder withExpiresAt(Instant t) {
        return with("expiresAt", time(t));
    }

    public SignedCommandBuilder withExpiresAt(String text) {
        return with("expiresAt", text);
    }

    public SignedCommandBuilder withNonce(String nonce) {
        return with("nonce", nonce);
    }

    public SignedCommandBuilder withScope(Scope scope) {
        return with("scope", CommandSignature.scopeName(scope));
    }

    public SignedCommandBuilder withKeyId(String keyId) {
        return with("keyId", keyId);
    }

    public SignedCommandBuilder withAlg(Alg alg) {
        return with("alg", CommandSignature.algName(alg));
    }

    /** Replaces the signature (base64 text, or anything else a test wants to send). */
    public SignedCommandBuilder withSignature(String signature) {
        return with("signature", signature);
    }

    /** Sets any field, also one the schema does not know, to a string. */
    public SignedCommandBuilder with(String field, String value) {
        return with(field, JSON.getNodeFactory().textNode(value));
    }

    /** Sets any field, also one the schema does not know, to any JSON value (a wrong type, null, ...). */
    public SignedCommandBuilder with(String field, JsonNode value) {
        ObjectNode f = fields.deepCopy();
        f.set(field, value.deepCopy());
        return new SignedCommandBuilder(f);
    }

    /** Removes a field. */
    public SignedCommandBuilder without(String field) {
        ObjectNode f = fields.deepCopy();
        f.remove(field);
        return new SignedCommandBuilder(f);
    }

    /** Sets keyId and alg, then signs the fields as they are now with an Ed25519 private key. */
    public SignedCommandBuilder signEd25519(String keyId, PrivateKey key) {
        SignedCommandBuilder b = withKeyId(keyId).withAlg(Alg.ED25519);
        return b.withSignature(CommandSignature.signEd25519(b.signingInput(), key));
    }

    /** Sets keyId and alg, then signs the fields as they are now with an HMAC-SHA256 secret. */
    public SignedCommandBuilder signHmac(String keyId, byte[] secret) {
        SignedCommandBuilder b = withKeyId(keyId).withAlg(Alg.HMAC_SHA256);
        return b.withSignature(CommandSignature.signHmac(b.signingInput(), secret));
    }

    /** What a signature over the current fields covers. */
    public byte[] signingInput() {
        if (!fields.path("params").isObject()) {
            throw new IllegalStateException("cannot sign: params is not an object but " + fields.path("params"));
        }
        return CommandSignature.signingInput(text("id"), text("station"), text("target"), text("name"), text("issuedAt"),
                text("expiresAt"), text("nonce"), text("scope"), (ObjectNode) fields.get("params"));
    }

    /** A field's value as text ({@code ""} when absent), e.g. {@code field("id")}. */
    public String field(String name) {
        return text(name);
    }

    /** The command as UTF-8 JSON, fields in schema order. */
    public byte[] json() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A copy of the command as a JSON tree. */
    public ObjectNode tree() {
        return fields.deepCopy();
    }

    /** The command JSON. */
    @Override
    public String toString() {
        return fields.toString();
    }

    private String text(String field) {
        return fields.path(field).asText();
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }
}

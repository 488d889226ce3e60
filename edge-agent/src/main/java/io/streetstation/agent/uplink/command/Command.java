package io.streetstation.agent.uplink.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Objects;

/**
 * A command from central as it arrived (contract: {@code contract/schemas/command.schema.json}),
 * well-formed but not yet trusted: nothing in it means anything until {@link CommandVerifier} has
 * checked the signature.
 *
 * <p>The signature covers the times as the exact strings central wrote ({@code issuedAtText},
 * {@code expiresAtText}), not the instants: {@code 12:00:00.25Z} and {@code 12:00:00.250Z} are the
 * same instant but different signed bytes. The constructor insists both agree.
 *
 * <p>Arrays and the params are copied in and out, so a verified command cannot be changed
 * afterwards by whoever holds a reference.
 *
 * @param id command id (lower-case UUID); a repeat of it never acts twice
 * @param station the station it is addressed to
 * @param target {@code station} or a device name
 * @param name command name, e.g. {@code open_roof}
 * @param params the command's arguments, a JSON object
 * @param issuedAt when central issued it (central's clock)
 * @param expiresAt after this the station must not start it
 * @param nonce 16..64 characters, unique per command; the replay cache key
 * @param scope the scope the command claims; the signing key must be allowed it
 * @param keyId the key central signed with
 * @param alg the algorithm central signed with; must be the configured key's
 * @param signature the raw signature bytes (Ed25519: 64, HMAC-SHA256: 32)
 * @param responseTopic MQTT 5 response topic, or null (then the default replies topic)
 * @param correlationData MQTT 5 correlation data to echo on every reply, or null
 * @param issuedAtText {@code issuedAt} exactly as signed
 * @param expiresAtText {@code expiresAt} exactly as signed
 */
public record Command(String id, String station, String target, String name, ObjectNode params, Instant issuedAt,
                      Instant expiresAt, String nonce, Scope scope, String keyId, Alg alg, byte[] signature,
                      String responseTopic, byte[] correlationData, String issuedAtText, String expiresAtText) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(alg, "alg");
        params = params.deepCopy();
        signature = signature.clone();
        correlationData = correlationData == null ? null : correlationData.clone();
        if (!Instant.parse(issuedAtText).equals(issuedAt) || !Instant.parse(expiresAtText).equals(expiresAt)) {
            throw new IllegalArgumentException("command " + id + ": time texts " + issuedAtText + " / " + expiresAtText
                    + " do not match the instants " + issuedAt + " / " + expiresAt);
        }
    }

    /** A command made in code rather than parsed: the signed time texts are the instants in ISO form. */
    public Command(String id, String station, String target, String name, ObjectNode params, Instant issuedAt,
                   Instant expiresAt, String nonce, Scope scope, String keyId, Alg alg, byte[] signature,
                   String responseTopic, byte[] correlationData) {
        this(id, station, target, name, params, issuedAt, expiresAt, nonce, scope, keyId, alg, signature, responseTopic,
                correlationData, DateTimeFormatter.ISO_INSTANT.format(issuedAt), DateTimeFormatter.ISO_INSTANT.format(expiresAt));
    }

    @Override
    public ObjectNode params() {
        return params.deepCopy();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && id.equals(c.id) && station.equals(c.station) && target.equals(c.target)
                && name.equals(c.name) && params.equals(c.params) && issuedAtText.equals(c.issuedAtText)
                && expiresAtText.equals(c.expiresAtText) && nonce.equals(c.nonce) && scope == c.scope
                && keyId.equals(c.keyId) && alg == c.alg && Arrays.equals(signature, c.signature)
                && Objects.equals(responseTopic, c.responseTopic) && Arrays.equals(correlationData, c.correlationData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, nonce, Arrays.hashCode(signature));
    }

    /** For logs: who, what, by which key — no params, no signature. */
    @Override
    public String toString() {
        return "Command[" + id + " " + name + " on " + station + "/" + target + ", " + scope + " by " + keyId + " ("
                + alg + "), valid " + issuedAtText + " .. " + expiresAtText + "]";
    }
}

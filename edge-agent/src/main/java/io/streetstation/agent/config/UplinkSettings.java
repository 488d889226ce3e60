package io.streetstation.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code uplink:} section: how the station reaches central over MQTT 5 and whom it obeys.
 *
 * @param broker {@code ssl://host:8883} (or {@code tcp://host:1883} only with {@code allowPlainTcp})
 * @param allowPlainTcp accept a {@code tcp://} broker (tests, a bench); a production station leaves it false
 * @param username MQTT user name, if the broker wants one besides the certificate
 * @param passwordFile file holding the MQTT password (first line), if any
 * @param tls TLS material; required for {@code ssl://}
 * @param keepAlive MQTT keep-alive
 * @param sessionExpiry how long the broker keeps the station's session (and queued commands) while it is away
 * @param connectTimeout one connection attempt gives up after this long; the client is then thrown away
 * @param backoffMin first reconnect delay (before jitter)
 * @param backoffMax longest reconnect delay (before jitter)
 * @param stateDir where the outbox and the command journal live
 * @param outboxMaxBytes disk budget of the outbox file; beyond it events and captures are refused with an alarm
 * @param inFlight QoS 1 messages published and not yet acknowledged, at most
 * @param telemetryPeriod slow tier period (station time)
 * @param fullEvery a complete telemetry snapshot at least this often
 * @param fastMaxHz highest fast-tier rate central may ask for
 * @param fastMaxDuration longest a fast-tier request lasts
 * @param imageInlineMax images up to this many bytes travel inside the capture message
 * @param imageChunkBytes larger images travel in chunks of this many bytes
 * @param commands who may command the station
 */
public record UplinkSettings(
        String broker,
        boolean allowPlainTcp,
        Optional<String> username,
        Optional<Path> passwordFile,
        Optional<Tls> tls,
        Duration keepAlive,
        Duration sessionExpiry,
        Duration connectTimeout,
        Duration backoffMin,
        Duration backoffMax,
        Path stateDir,
        long outboxMaxBytes,
        int inFlight,
        Duration telemetryPeriod,
        Duration fullEvery,
        int fastMaxHz,
        Duration fastMaxDuration,
        int imageInlineMax,
        int imageChunkBytes,
        CommandSecurity commands) {

    /**
     * PEM files. Without {@code cert}/{@code key} only the server is authenticated.
     *
     * @param ca the CA certificate(s) the broker's certificate must chain to
     * @param cert the station's certificate (chain), CN = station id
     * @param key the station's private key, PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), EC, RSA or Ed25519
     */
    public record Tls(Path ca, Optional<Path> cert, Optional<Path> key) {
        public boolean mutual() {
            return cert.isPresent();
        }
    }

    /** Signature algorithms central signs commands with. */
    public enum Alg { ED25519, HMAC_SHA256 }

    /** What a command may do: operate the station, or also maintain it (E-stop reset, ...). */
    public enum Scope { OPERATE, MAINTENANCE }

    /**
     * A key central signs commands with.
     *
     * @param id key id, as in the command's {@code keyId}
     * @param alg its algorithm
     * @param file Ed25519: the public key, PEM ({@code BEGIN PUBLIC KEY}); HMAC-SHA256: the shared
     *     secret, base64 of at least 32 bytes
     * @param scopes the scopes commands signed with this key may claim
     */
    public record CommandKey(String id, Alg alg, Path file, Set<Scope> scopes) {
        public CommandKey {
            scopes = Set.copyOf(scopes);
        }
    }

    /**
     * @param keys the keys central signs with (at least one)
     * @param maxClockSkew how far a command's issued-at may lie in the station's future
     * @param maxLifetime longest accepted expires-at minus issued-at (bounds the replay cache)
     */
    public record CommandSecurity(List<CommandKey> keys, Duration maxClockSkew, Duration maxLifetime) {
        public CommandSecurity {
            keys = List.copyOf(keys);
        }
    }

    /** The same uplink with another broker URL (the rig points the station at its own broker). */
    public UplinkSettings withBroker(String url, boolean plainTcpAllowed, Optional<Tls> tlsMaterial) {
        return new UplinkSettings(url, plainTcpAllowed, username, passwordFile, tlsMaterial, keepAlive, sessionExpiry,
                connectTimeout, backoffMin, backoffMax, stateDir, outboxMaxBytes, inFlight, telemetryPeriod, fullEvery,
                fastMaxHz, fastMaxDuration, imageInlineMax, imageChunkBytes, commands);
    }

    /** The same uplink keeping its state elsewhere. */
    public UplinkSettings withStateDir(Path dir) {
        return new UplinkSettings(broker, allowPlainTcp, username, passwordFile, tls, keepAlive, sessionExpiry,
                connectTimeout, backoffMin, backoffMax, dir, outboxMaxBytes, inFlight, telemetryPeriod, fullEvery,
                fastMaxHz, fastMaxDuration, imageInlineMax, imageChunkBytes, commands);
    }

    /** The same uplink sending images inline up to {@code inlineMax} bytes, else in chunks of {@code chunkBytes}. */
    public UplinkSettings withImages(int inlineMax, int chunkBytes) {
        return new UplinkSettings(broker, allowPlainTcp, username, passwordFile, tls, keepAlive, sessionExpiry,
                connectTimeout, backoffMin, backoffMax, stateDir, outboxMaxBytes, inFlight, telemetryPeriod, fullEvery,
                fastMaxHz, fastMaxDuration, inlineMax, chunkBytes, commands);
    }

    /** The same uplink obeying other command keys. */
    public UplinkSettings withCommands(CommandSecurity security) {
        return new UplinkSettings(broker, allowPlainTcp, username, passwordFile, tls, keepAlive, sessionExpiry,
                connectTimeout, backoffMin, backoffMax, stateDir, outboxMaxBytes, inFlight, telemetryPeriod, fullEvery,
                fastMaxHz, fastMaxDuration, imageInlineMax, imageChunkBytes, security);
    }
}

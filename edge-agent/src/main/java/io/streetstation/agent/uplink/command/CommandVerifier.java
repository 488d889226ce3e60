package io.streetstation.agent.uplink.command;

import io.streetstation.agent.config.UplinkSettings.CommandSecurity;
import io.streetstation.agent.uplink.command.CommandKeys.Ed25519Key;
import io.streetstation.agent.uplink.command.CommandKeys.HmacKey;
import io.streetstation.agent.uplink.command.CommandKeys.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether a well-formed command is authentic, meant for this station, fresh, and within
 * what its key may do. It does not look at the replay cache (that is {@link CommandJournal#claim},
 * done after this) nor at whether the command exists (the command registry).
 *
 * <p>The order of checks matters. Station, key and alg need no trust: they only choose what to
 * verify with, and a wrong one can only lead to a rejection. Then the signature; only once it
 * verifies are the times and the scope believed, so that no answer about them is ever given for
 * fields nobody vouched for. The algorithm is the configured key's, never the command's choice: the
 * command's {@code alg} must merely agree, so an Ed25519 public key can never be used as an HMAC
 * secret (the classic algorithm-confusion forgery).
 *
 * <p>Pure apart from the clock; thread-safe.
 */
public final class CommandVerifier {

    private final CommandSecurity security;
    private final CommandKeys keys;
    private final Supplier<Instant> clock;

    /** @param clock the station's time; tests pass a settable one */
    public CommandVerifier(CommandSecurity security, CommandKeys keys, Supplier<Instant> clock) {
        this.security = Objects.requireNonNull(security, "security");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Empty when {@code c} may proceed, else why not. */
    public Optional<Rejection> verify(Command c, String stationId) {
        if (!c.station().equals(stationId)) {
            return reject(RejectionCodes.STATION_WRONG, "addressed to station " + c.station() + ", this is " + stationId);
        }
        Optional<Key> found = keys.find(c.keyId());
        if (found.isEmpty()) {
            return reject(RejectionCodes.KEY_UNKNOWN, "no command key " + Rejection.quote(c.keyId())
                    + " is configured on " + stationId);
        }
        Key key = found.get();
        if (key.config().alg() != c.alg()) {
            return reject(RejectionCodes.ALG_MISMATCH, "key " + c.keyId() + " is " + CommandSignature.algName(key.config().alg())
                    + ", the command says " + CommandSignature.algName(c.alg()));
        }
        Optional<Rejection> signature = checkSignature(c, key);
        if (signature.isPresent()) {
            return signature;
        }
        return checkTime(c).or(() -> checkScope(c, key));
    }

    private static Optional<Rejection> checkSignature(Command c, Key key) {
        byte[] sig = c.signature();
        byte[] input = CommandSignature.signingInput(c);
        return switch (key) {
            case Ed25519Key k when sig.length != CommandSignature.ED25519_LENGTH -> wrongLength(c, sig, CommandSignature.ED25519_LENGTH);
            case HmacKey k when sig.length != CommandSignature.HMAC_LENGTH -> wrongLength(c, sig, CommandSignature.HMAC_LENGTH);
            case Ed25519Key k -> CommandSignature.verifyEd25519(input, sig, k.publicKey()) ? Optional.empty()
                    : reject(RejectionCodes.SIGNATURE_BAD, "Ed25519 signature does not verify with key " + c.keyId());
            case HmacKey k -> CommandSignature.verifyHmac(input, sig, k.secret()) ? Optional.empty()
                    : reject(RejectionCodes.SIGNATURE_BAD, "HMAC does not match for key " + c.keyId());
        };
    }

    private static Optional<Rejection> wrongLength(Command c, byte[] sig, int expected) {
        return reject(RejectionCodes.SIGNATURE_BAD, "signature is " + sig.length + " bytes, "
                + CommandSignature.algName(c.alg()) + " signatures are " + expected + " bytes");
    }

    /** Order, lifetime, not yet valid, expired: the first two need no clock, so they are reported first. */
    private Optional<Rejection> checkTime(Command c) {
        Instant now = clock.get();
        if (!c.expiresAt().isAfter(c.issuedAt())) {
            return reject(RejectionCodes.TIME_ORDER, "expiresAt " + c.expiresAtText() + " is not after issuedAt "
                    + c.issuedAtText());
        }
        Duration lifetime = Duration.between(c.issuedAt(), c.expiresAt());
        if (lifetime.compareTo(security.maxLifetime()) > 0) {
            return reject(RejectionCodes.TIME_LIFETIME, "valid for " + lifetime.toMillis() + " ms, at most "
                    + security.maxLifetime().toMillis() + " ms allowed");
        }
        if (c.issuedAt().isAfter(now.plus(security.maxClockSkew()))) {
            return reject(RejectionCodes.TIME_NOT_YET_VALID, "issued at " + c.issuedAtText() + ", "
                    + Duration.between(now, c.issuedAt()).toMillis() + " ms in the station's future (station time " + now
                    + ", skew allowed " + security.maxClockSkew().toMillis() + " ms)");
        }
        if (!c.expiresAt().isAfter(now)) {
            return reject(RejectionCodes.TIME_EXPIRED, "expired at " + c.expiresAtText() + ", station time " + now);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkScope(Command c, Key key) {
        if (key.config().scopes().contains(c.scope())) {
            return Optional.empty();
        }
        String allowed = String.join(", ", key.config().scopes().stream().sorted().map(CommandSignature::scopeName).toList());
        return reject(RejectionCodes.SCOPE_DENIED, "key " + c.keyId() + " may claim only " + (allowed.isEmpty() ? "no scope" : allowed)
                + ", not " + CommandSignature.scopeName(c.scope()));
    }

    private static Optional<Rejection> reject(String code, String text) {
        return Optional.of(new Rejection(code, text));
    }
}

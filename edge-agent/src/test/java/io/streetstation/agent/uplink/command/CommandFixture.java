package io.streetstation.agent.uplink.command;

import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.CommandKey;
import io.streetstation.agent.config.UplinkSettings.CommandSecurity;
import io.streetstation.agent.config.UplinkSettings.Scope;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A station and its central for command tests: real Ed25519 and HMAC keys generated per test and
 * written to files, a manual clock, a journal on a real file, and the intake pipeline
 * (parse → verify → claim) the way the command intake runs it.
 *
 * <p>Keys: {@value #ED} (Ed25519, operate and maintenance), {@value #HMAC} (HMAC-SHA256, operate only).
 * Clock skew 30 s, lifetime at most 5 min.
 */
final class CommandFixture implements AutoCloseable {

    static final String STATION = "zb-zhangdian-017";
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final String ED = "central-ed";
    static final String HMAC = "central-hmac";
    static final Duration SKEW = Duration.ofSeconds(30);
    static final Duration LIFETIME = Duration.ofMinutes(5);

    final ManualClock clock = new ManualClock(T0);
    final KeyPair central = ed25519();
    final KeyPair stranger = ed25519();
    final byte[] secret = random(32);
    final CommandSecurity security;
    final CommandKeys keys;
    final CommandVerifier verifier;
    final CommandJournal journal;
    final List<JournalAlarm> alarms = new ArrayList<>();

    CommandFixture(Path dir) {
        CommandKeys.writeEd25519PublicKey(dir.resolve("central.pub"), central.getPublic());
        CommandKeys.writeHmacSecret(dir.resolve("central.secret"), secret);
        security = new CommandSecurity(List.of(
                new CommandKey(ED, Alg.ED25519, dir.resolve("central.pub"), Set.of(Scope.OPERATE, Scope.MAINTENANCE)),
                new CommandKey(HMAC, Alg.HMAC_SHA256, dir.resolve("central.secret"), Set.of(Scope.OPERATE))),
                SKEW, LIFETIME);
        keys = CommandKeys.load(security.keys());
        verifier = new CommandVerifier(security, keys, clock::now);
        journal = CommandJournal.open(dir.resolve("commands.db"), clock::now, alarms::add);
    }

    /** An unsigned command issued now, valid 60 s. */
    SignedCommandBuilder command() {
        return SignedCommandBuilder.command(STATION, clock.now());
    }

    SignedCommandBuilder signedEd() {
        return command().signEd25519(ED, central.getPrivate());
    }

    SignedCommandBuilder signedHmac() {
        return command().signHmac(HMAC, secret);
    }

    /** Parse → verify → claim; empty when the command may go on to the registry. */
    Optional<Rejection> intake(byte[] payload) {
        return switch (CommandParser.parse(payload, null, null)) {
            case CommandParser.Rejected r -> Optional.of(r.rejection());
            case CommandParser.Parsed p -> verifier.verify(p.command(), STATION).or(() -> claim(p.command()));
        };
    }

    private Optional<Rejection> claim(Command c) {
        return switch (journal.claim(c.nonce(), c.id(), c.expiresAt())) {
            case NEW, SAME_COMMAND -> Optional.empty();
            case REPLAY -> Optional.of(new Rejection(RejectionCodes.REPLAYED,
                    "nonce or id of " + c.id() + " was already used by another command"));
        };
    }

    static Command parsed(byte[] payload) {
        return switch (CommandParser.parse(payload, null, null)) {
            case CommandParser.Parsed p -> p.command();
            case CommandParser.Rejected r -> throw new AssertionError("expected to parse: " + r.rejection().reason());
        };
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        journal.close();
    }
}

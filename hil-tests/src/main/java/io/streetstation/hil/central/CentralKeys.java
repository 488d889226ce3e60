package io.streetstation.hil.central;

import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import io.streetstation.agent.uplink.command.CommandKeys;
import io.streetstation.agent.uplink.command.SignedCommandBuilder;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Central's command keys for a rig: made fresh per run, the public halves written where the
 * station's configuration points. Three keys, as a city would have them: an operations key
 * ({@value #OPERATE}, Ed25519, scope operate), a maintenance key ({@value #MAINTENANCE}, Ed25519,
 * operate and maintenance) and a shared-secret key ({@value #HMAC}, HMAC-SHA256, operate).
 */
public final class CentralKeys {

    public static final String OPERATE = "central-ops";
    public static final String MAINTENANCE = "central-maint";
    public static final String HMAC = "central-hmac";

    private final PrivateKey operate;
    private final PrivateKey maintenance;
    private final byte[] secret;
    private final UplinkSettings.CommandSecurity security;

    private CentralKeys(PrivateKey operate, PrivateKey maintenance, byte[] secret, UplinkSettings.CommandSecurity security) {
        this.operate = operate;
        this.maintenance = maintenance;
        this.secret = secret;
        this.security = security;
    }

    /** New keys; the station's halves go into {@code dir}. */
    public static CentralKeys generate(Path dir) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            KeyPair ops = g.generateKeyPair();
            KeyPair maint = g.generateKeyPair();
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path opsFile = dir.resolve(OPERATE + ".pub");
            Path maintFile = dir.resolve(MAINTENANCE + ".pub");
            Path hmacFile = dir.resolve(HMAC + ".secret");
            CommandKeys.writeEd25519PublicKey(opsFile, ops.getPublic());
            CommandKeys.writeEd25519PublicKey(maintFile, maint.getPublic());
            CommandKeys.writeHmacSecret(hmacFile, secret);
            UplinkSettings.CommandSecurity s = new UplinkSettings.CommandSecurity(List.of(
                    new UplinkSettings.CommandKey(OPERATE, Alg.ED25519, opsFile, Set.of(Scope.OPERATE)),
                    new UplinkSettings.CommandKey(MAINTENANCE, Alg.ED25519, maintFile, Set.of(Scope.OPERATE, Scope.MAINTENANCE)),
                    new UplinkSettings.CommandKey(HMAC, Alg.HMAC_SHA256, hmacFile, Set.of(Scope.OPERATE))),
                    Duration.ofSeconds(30), Duration.ofMinutes(15));
            return new CentralKeys(ops.getPrivate(), maint.getPrivate(), secret, s);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 not available: " + e, e);
        }
    }

    /** What the station's configuration says about these keys. */
    public UplinkSettings.CommandSecurity security() {
        return security;
    }

    /** An unsigned command to {@code target}, issued now, expiring a minute later; sign it with one of the below. */
    public static SignedCommandBuilder command(String station, Instant now, String target, String name) {
        return SignedCommandBuilder.command(station, now).withTarget(target).withName(name);
    }

    /** Signs with the operations key. */
    public SignedCommandBuilder signOperate(SignedCommandBuilder b) {
        return b.signEd25519(OPERATE, operate);
    }

    /** Signs with the maintenance key (set the scope first). */
    public SignedCommandBuilder signMaintenance(SignedCommandBuilder b) {
        return b.signEd25519(MAINTENANCE, maintenance);
    }

    /** Signs with the shared secret. */
    public SignedCommandBuilder signHmac(SignedCommandBuilder b) {
        return b.signHmac(HMAC, secret);
    }
}

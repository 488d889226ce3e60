package io.streetstation.agent.uplink.command;

import io.streetstation.agent.config.UplinkSettings.CommandKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The keys central signs commands with, loaded once at start-up from the files the configuration
 * names. Loading fails loudly (with the file and what is wrong) rather than starting a station that
 * would reject every command for a reason nobody sees.
 *
 * <p>File formats: an Ed25519 public key as PEM {@code -----BEGIN PUBLIC KEY-----} (X.509
 * SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes it); an HMAC secret as base64 text
 * of at least 32 bytes (whitespace ignored), as {@code openssl rand -base64 32} writes it.
 */
public final class CommandKeys {

    /** HMAC-SHA256 secrets shorter than the hash output weaken it; refused, bytes. */
    public static final int MIN_SECRET = 32;

    private static final TaggedLogger LOG = Logger.tag("commands");
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    /** A loaded key: its configuration and the material to verify with. */
    public sealed interface Key permits Ed25519Key, HmacKey {
        CommandKey config();
    }

    public record Ed25519Key(CommandKey config, PublicKey publicKey) implements Key {
    }

    /** @param secret copied in and out, never logged */
    public record HmacKey(CommandKey config, byte[] secret) implements Key {
        public HmacKey {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "HmacKey[" + config.id() + ", " + secret.length + " bytes]";
        }
    }

    private final Map<String, Key> byId;

    private CommandKeys(Map<String, Key> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Reads every configured key file.
     *
     * @throws IllegalArgumentException naming the file and the problem: missing, unreadable, not PEM,
     *     not an Ed25519 key, not base64, a secret shorter than 32 bytes, or a key id used twice
     */
    public static CommandKeys load(List<CommandKey> keys) {
        Map<String, Key> byId = new LinkedHashMap<>();
        for (CommandKey k : keys) {
            Key loaded = switch (k.alg()) {
                case ED25519 -> new Ed25519Key(k, readEd25519PublicKey(k.file()));
                case HMAC_SHA256 -> new HmacKey(k, readHmacSecret(k.file()));
            };
            if (byId.putIfAbsent(k.id(), loaded) != null) {
                throw new IllegalArgumentException("command key id " + k.id() + " is configured twice");
            }
            LOG.info("command key {} ({}, scopes {}) from {}", k.id(), k.alg(), k.scopes(), k.file());
        }
        if (byId.isEmpty()) {
            LOG.warn("no command keys configured: every command will be rejected with key.unknown");
        }
        return new CommandKeys(byId);
    }

    /** The key with this id, if configured. */
    public Optional<Key> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /** Reads a PEM {@code PUBLIC KEY} file that must hold an Ed25519 key. */
    public static PublicKey readEd25519PublicKey(Path file) {
        String pem = read(file);
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("command key " + file + ": not a PEM public key (no " + PEM_BEGIN
                    + " ... " + PEM_END + " block)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("command key " + file + ": PEM body is not base64: " + e.getMessage(), e);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("command key " + file + ": not an Ed25519 public key (" + e.getMessage()
                    + ")", e);
        }
    }

    /** Reads a base64 HMAC secret file; at least 32 bytes. */
    public static byte[] readHmacSecret(Path file) {
        String text = read(file).replaceAll("\\s", "");
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("command secret " + file + ": not base64 (" + e.getMessage() + ")", e);
        }
        if (secret.length < MIN_SECRET) {
            throw new IllegalArgumentException("command secret " + file + ": " + secret.length + " bytes, at least "
                    + MIN_SECRET + " needed");
        }
        return secret;
    }

    /** Writes {@code key} as a PEM {@code PUBLIC KEY} file, the format {@link #load} reads. */
    public static void writeEd25519PublicKey(Path file, PublicKey key) {
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        write(file, PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n", false);
    }

    /** Writes {@code secret} as base64 text, readable by the owner only where the file system allows. */
    public static void writeHmacSecret(Path file, byte[] secret) {
        write(file, Base64.getEncoder().encodeToString(secret) + "\n", true);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);   // never fails to decode; bad bytes fail the format check
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("command key file " + file + " does not exist", e);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("command key file " + file + " unreadable: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            if (secret && Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

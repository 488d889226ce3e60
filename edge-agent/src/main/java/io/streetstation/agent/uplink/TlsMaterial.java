package io.streetstation.agent.uplink;

import io.streetstation.agent.config.UplinkSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The station's TLS material, read from the PEM files named in {@code uplink.tls}, as the socket
 * factory the MQTT client connects with. JDK only: the agent ships without BouncyCastle.
 *
 * <p>Everything a technician can get wrong is found here, at start, with the file and the fix in the
 * message, rather than as a handshake failure on every reconnect: a missing file, a file without a
 * PEM block, a key in a legacy or encrypted format, a key that does not belong to the certificate, a
 * certificate outside its validity period (often the station's clock, not the certificate).
 *
 * <p>Only TLS 1.3 and 1.2 are offered. The factory does not check the broker's host name: the MQTT
 * client must keep HTTPS host-name verification on (Paho:
 * {@code MqttConnectionOptions.setHttpsHostnameVerificationEnabled(true)}, its default).
 */
public final class TlsMaterial {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Key algorithms tried in turn on a PKCS#8 key, since PKCS#8 PEM does not name its algorithm. */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private static final String TO_PKCS8 = "openssl pkcs8 -topk8 -nocrypt -in old.key -out station.key";

    /** The in-memory key store's password: the key never leaves the process, so it protects nothing. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private TlsMaterial() {
    }

    /** Unusable TLS material: the message names the file, what is wrong and how to fix it. */
    public static final class TlsMaterialException extends IllegalArgumentException {

        private final transient Path file;

        TlsMaterialException(Path file, String problem) {
            super(file + ": " + problem);
            this.file = file;
        }

        TlsMaterialException(Path file, String problem, Throwable cause) {
            super(file + ": " + problem, cause);
            this.file = file;
        }

        /** The file at fault. */
        public Path file() {
            return file;
        }
    }

    /**
     * A socket factory that trusts the CA(s) in {@code tls.ca()} and, for mutual TLS, presents the
     * station's certificate chain and key; TLS 1.3 and 1.2 only.
     *
     * @throws TlsMaterialException if a file is missing, unreadable or unusable, or the station's
     *     certificate is not valid now (expired, or not yet valid: check the station's clock)
     */
    public static SSLSocketFactory socketFactory(UplinkSettings.Tls tls) {
        KeyStore trust = trustStore(tls.ca());
        KeyStore keys = null;
        if (tls.cert().isPresent() || tls.key().isPresent()) {
            Path cert = tls.cert().orElseThrow(() -> new TlsMaterialException(tls.key().orElseThrow(),
                    "a private key without a certificate; give uplink.tls.cert too"));
            Path key = tls.key().orElseThrow(() -> new TlsMaterialException(cert,
                    "a certificate without its private key; give uplink.tls.key too"));
            keys = keyStore(cert, key, Instant.now());
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (keys != null) {
                kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(keys, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            // only PROTOCOLS on every socket, whatever the JDK's defaults
            String[] pinned = PROTOCOLS.toArray(String[]::new);
            return SocketFactories.tls(context.getSocketFactory(), s -> ((SSLSocket) s).setEnabledProtocols(pinned));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e, e);
        }
    }

    /**
     * The common name (CN) in the subject of the first certificate in {@code certPem}; the station
     * refuses to start when it differs from its station id.
     *
     * @return empty if the subject has no CN
     * @throws TlsMaterialException if the file is missing, unreadable or holds no certificate
     */
    public static Optional<String> commonName(Path certPem) {
        X509Certificate cert = certificates(certPem).getFirst();
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            throw new TlsMaterialException(certPem, "the certificate's subject cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** The CA certificates of {@code caPem} as trusted entries; at least one must be valid now. */
    static KeyStore trustStore(Path caPem) {
        List<X509Certificate> cas = certificates(caPem);
        Instant now = Instant.now();
        if (cas.stream().noneMatch(c -> validAt(c, now))) {
            X509Certificate c = cas.getFirst();
            throw new TlsMaterialException(caPem, "no CA certificate in it is valid now (" + now + "); the first is "
                    + "valid from " + c.getNotBefore().toInstant() + " until " + c.getNotAfter().toInstant()
                    + "; replace it or check the station's clock");
        }
        try {
            KeyStore ks = emptyStore();
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return ks;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(caPem, "cannot be used as a trust store: " + e.getMessage(), e);
        }
    }

    /** The station's chain and key as one key entry, after checking they belong together and are valid at {@code now}. */
    static KeyStore keyStore(Path certPem, Path keyPem, Instant now) {
        List<X509Certificate> chain = certificates(certPem);
        X509Certificate leaf = chain.getFirst();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new TlsMaterialException(certPem, "the certificate " + subject(leaf) + " expired on "
                    + leaf.getNotAfter().toInstant() + " (now " + now + "); issue a new one, or check the station's clock");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new TlsMaterialException(certPem, "the certificate " + subject(leaf) + " is not valid before "
                    + leaf.getNotBefore().toInstant() + " (now " + now + "); check the station's clock");
        }
        PrivateKey key = privateKey(keyPem);
        requireMatch(key, leaf, keyPem, certPem);
        try {
            KeyStore ks = emptyStore();
            ks.setKeyEntry("station", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(keyPem, "the key and certificate cannot be stored together: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        List<Block> blocks = blocks(file, "a PEM certificate (-----BEGIN CERTIFICATE-----)");
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks) {
                if (b.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der(file))));
                }
            }
        } catch (CertificateException e) {
            throw new TlsMaterialException(file, "a CERTIFICATE block is not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new TlsMaterialException(file, "no -----BEGIN CERTIFICATE----- block (found "
                    + blocks.stream().map(Block::type).toList() + ")");
        }
        return certs;
    }

    private static PrivateKey privateKey(Path file) {
        List<Block> blocks = blocks(file, "a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        for (Block b : blocks) {
            switch (b.type()) {
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new TlsMaterialException(file, "the key is in the "
                        + "legacy format (BEGIN " + b.type() + "); convert it to PKCS#8 with: " + TO_PKCS8);
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsMaterialException(file, "the key is encrypted (BEGIN "
                        + "ENCRYPTED PRIVATE KEY) and the station has no passphrase; decrypt it to PKCS#8 with: "
                        + TO_PKCS8 + " (asks for the passphrase); keep the result readable by the agent only");
                case "PRIVATE KEY" -> {
                    return pkcs8(file, b.der(file));
                }
                default -> {
                    // a certificate or parameters beside the key: look further
                }
            }
        }
        throw new TlsMaterialException(file, "no -----BEGIN PRIVATE KEY----- block (found "
                + blocks.stream().map(Block::type).toList() + ")");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new TlsMaterialException(file, "the PRIVATE KEY block is not a " + String.join(", ", KEY_ALGORITHMS)
                + " key in PKCS#8");
    }

    /** The key must sign what the certificate's public key verifies: proof they belong together. */
    private static void requireMatch(PrivateKey key, X509Certificate cert, Path keyPem, Path certPem) {
        PublicKey pub = cert.getPublicKey();
        if (!sameFamily(key.getAlgorithm(), pub.getAlgorithm())) {
            throw new TlsMaterialException(keyPem, "the key is " + key.getAlgorithm() + " but the certificate "
                    + subject(cert) + " in " + certPem + " says its public key is " + pub.getAlgorithm()
                    + ": they do not belong together; give the key this certificate was issued for");
        }
        String sigAlg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(sigAlg);
            v.initVerify(pub);
            v.update(challenge);
            matches = v.verify(sig);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsMaterialException(keyPem, "the key does not match the public key of the certificate "
                    + subject(cert) + " in " + certPem + "; give the key this certificate was issued for");
        }
    }

    private static boolean sameFamily(String keyAlg, String pubAlg) {
        return keyAlg.equals(pubAlg) || isEdDsa(keyAlg) && isEdDsa(pubAlg);
    }

    private static boolean isEdDsa(String alg) {
        return alg.equals("EdDSA") || alg.equals("Ed25519") || alg.equals("Ed448");
    }

    private static boolean validAt(X509Certificate c, Instant t) {
        return !t.isBefore(c.getNotBefore().toInstant()) && !t.isAfter(c.getNotAfter().toInstant());
    }

    private static String subject(X509Certificate c) {
        return "\"" + c.getSubjectX500Principal().getName() + "\"";
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store cannot fail to load", e);
        }
        return ks;
    }

    private record Block(String type, String base64) {

        byte[] der(Path file) {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new TlsMaterialException(file, "the " + type + " block is not valid base64: " + e.getMessage(), e);
            }
        }
    }

    private static List<Block> blocks(Path file, String expected) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file, "no such file; expected " + expected + " there", e);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file, "not readable by the agent's user; check the file's owner and mode", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot be read: " + e, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        if (blocks.isEmpty()) {
            throw new TlsMaterialException(file, "no PEM block (-----BEGIN ...-----) in it; expected " + expected
                    + (text.isBlank() ? " but the file is empty" : ", in PEM, not DER"));
        }
        return blocks;
    }
}

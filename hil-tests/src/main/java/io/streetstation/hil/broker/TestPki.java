package io.streetstation.hil.broker;

import io.streetstation.agent.config.UplinkSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests and the demo, laid out as on a real deployment: a device CA (EC P-256,
 * self-signed) issues the broker's certificate and one client certificate per station (CN = station
 * id). Also what must be refused: a station certificate from an unrelated "rogue" CA with the same
 * CN, and an expired one.
 *
 * <p>Files in {@code dir}: {@code ca.pem} (the device CA), {@code rogue-ca.pem}; per identity
 * {@code <name>.pem} (certificate, then the CA's) and {@code <name>.key} (PKCS#8, unencrypted), as
 * the agent reads them; for the broker {@code broker.p12} (its key and chain) and
 * {@code truststore.p12} (the device CA), PKCS#12, both under {@link #password()}.
 *
 * <p>Keys are generated with the JDK and certificates signed with BouncyCastle through the JDK's
 * providers: no security provider is registered, nothing global changes.
 */
public final class TestPki {

    /** Longest a certificate of this PKI lives: a test or a demo day, not a deployment. */
    private static final Duration LIFETIME = Duration.ofDays(30);

    /** Back-dating of notBefore, so a clock a little behind still accepts a fresh certificate. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * A client identity as the agent's configuration names it.
     *
     * @param name the file stem ({@code <name>.pem}, {@code <name>.key})
     * @param certPem the certificate, then its issuer's
     * @param keyPem the private key, PKCS#8 PEM
     * @param caPem the CA the client trusts for the broker (the device CA, also for a rogue identity)
     */
    public record Identity(String name, Path certPem, Path keyPem, Path caPem) {

        /** Mutual TLS material, as {@code uplink.tls} would give it. */
        public UplinkSettings.Tls tls() {
            return new UplinkSettings.Tls(caPem, Optional.of(certPem), Optional.of(keyPem));
        }
    }

    private record Issuer(X509Certificate cert, KeyPair keys) {
    }

    private final Path dir;
    private final String password;
    private final SecureRandom random = new SecureRandom();
    private final Issuer ca;
    private final Issuer rogueCa;
    private final Path caPem;
    private final Path rogueCaPem;
    private final Path brokerKeyStore;
    private final Path trustStore;

    private TestPki(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        Files.createDirectories(dir);
        byte[] secret = new byte[12];
        random.nextBytes(secret);
        this.password = HexFormat.of().formatHex(secret);
        Instant now = Instant.now();
        this.ca = selfSigned("Street Station Test Device CA", now);
        this.rogueCa = selfSigned("Rogue CA", now);
        this.caPem = dir.resolve("ca.pem");
        this.rogueCaPem = dir.resolve("rogue-ca.pem");
        writePem(caPem, ca.cert());
        writePem(rogueCaPem, rogueCa.cert());

        KeyPair brokerKeys = ecKeys();
        X509Certificate broker = issue(ca, "localhost", brokerKeys, now.minus(BACKDATE), now.plus(LIFETIME),
                KeyPurposeId.id_kp_serverAuth, true);
        this.brokerKeyStore = dir.resolve("broker.p12");
        KeyStore ks = emptyPkcs12();
        ks.setKeyEntry("broker", brokerKeys.getPrivate(), password.toCharArray(),
                new X509Certificate[] {broker, ca.cert()});
        store(ks, brokerKeyStore);
        this.trustStore = dir.resolve("truststore.p12");
        KeyStore ts = emptyPkcs12();
        ts.setCertificateEntry("device-ca", ca.cert());
        store(ts, trustStore);
    }

    /** Makes the CAs, the broker's key store and trust store in {@code dir} (created if missing); about 0.1 s. */
    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("test PKI in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test PKI in " + dir + ": " + e, e);
        }
    }

    /** A valid client certificate from the device CA, CN = {@code stationId}; files {@code <stationId>.pem/.key}. */
    public Identity station(String stationId) {
        Instant now = Instant.now();
        return client(stationId, stationId, ca, now.minus(BACKDATE), now.plus(LIFETIME));
    }

    /** The same CN from an unrelated CA: a broker trusting the device CA must refuse it. Files {@code rogue-<id>}. */
    public Identity rogueStation(String stationId) {
        Instant now = Instant.now();
        return client("rogue-" + stationId, stationId, rogueCa, now.minus(BACKDATE), now.plus(LIFETIME));
    }

    /** From the device CA, but its validity ended a day ago. Files {@code expired-<id>}. */
    public Identity expiredStation(String stationId) {
        Instant now = Instant.now();
        return client("expired-" + stationId, stationId, ca, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
    }

    /** The device CA, PEM: what stations trust the broker by. */
    public Path caPem() {
        return caPem;
    }

    /** The rogue CA, PEM: trusting it instead of the device CA, a client must refuse the broker. */
    public Path rogueCaPem() {
        return rogueCaPem;
    }

    /** PKCS#12: the broker's key (CN=localhost, SAN DNS:localhost, IP:127.0.0.1) and chain, under {@link #password()}. */
    public Path brokerKeyStore() {
        return brokerKeyStore;
    }

    /** PKCS#12: the device CA as a trusted certificate, under {@link #password()}. */
    public Path trustStore() {
        return trustStore;
    }

    /** The password of both PKCS#12 stores (and of the broker's key entry); random per PKI. */
    public String password() {
        return password;
    }

    /** The broker's TLS listener: this PKI's stores, a client certificate from the device CA required. */
    public EmbeddedBroker.Tls brokerTls() {
        return new EmbeddedBroker.Tls(brokerKeyStore, password, trustStore, password, true);
    }

    private synchronized Identity client(String name, String cn, Issuer issuer, Instant from, Instant until) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("station id " + cn + ": letters, digits, '.', '_' and '-' only, 1..64");
        }
        try {
            KeyPair keys = ecKeys();
            X509Certificate cert = issue(issuer, cn, keys, from, until, KeyPurposeId.id_kp_clientAuth, false);
            Path certPem = dir.resolve(name + ".pem");
            Path keyPem = dir.resolve(name + ".key");
            writePem(certPem, cert, issuer.cert());
            try (Writer w = Files.newBufferedWriter(keyPem, StandardCharsets.US_ASCII);
                 JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
            }
            return new Identity(name, certPem, keyPem, caPem);
        } catch (IOException e) {
            throw new UncheckedIOException("test PKI: identity " + name + " in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test PKI: identity " + name + ": " + e, e);
        }
    }

    private Issuer selfSigned(String cn, Instant now) throws GeneralSecurityException, IOException {
        KeyPair keys = ecKeys();
        X500Name name = name(cn);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(LIFETIME)), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return new Issuer(sign(b, keys), keys);
    }

    private X509Certificate issue(Issuer issuer, String cn, KeyPair keys, Instant from, Instant until,
                                  KeyPurposeId purpose, boolean localhostNames)
            throws GeneralSecurityException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.cert(), serial(), Date.from(from),
                Date.from(until), name(cn), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.cert()));
        if (localhostNames) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return sign(b, issuer.keys());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + signer.getPrivate().getAlgorithm(), e);
        }
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Street Station Test").addRDN(BCStyle.CN, cn)
                .build();
    }

    private BigInteger serial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private static KeyStore emptyPkcs12() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private void store(KeyStore ks, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
    }

    private static void writePem(Path file, X509Certificate... certs) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (X509Certificate c : certs) {
                pem.writeObject(c);
            }
        }
    }
}

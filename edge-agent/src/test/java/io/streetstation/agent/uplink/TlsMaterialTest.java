package io.streetstation.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.uplink.TlsMaterial.TlsMaterialException;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Good PEM material loads; every way a technician can get it wrong is refused with the file and the fix. */
class TlsMaterialTest {

    private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in old.key -out station.key";

    @TempDir
    Path dir;

    private KeyPair caKeys;
    private X509Certificate ca;
    private Path caPem;

    @BeforeEach
    void makeCa() throws Exception {
        caKeys = keys("EC");
        ca = certificate("CN=Test Device CA", caKeys, "CN=Test Device CA", caKeys, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)), true);
        caPem = pem("ca.pem", ca);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "RSA", "Ed25519"})
    void stationKeyOfEachAlgorithm_loadsAsTheKeyEntryWithItsChain(String algorithm) throws Exception {
        KeyPair station = keys(algorithm);
        Path cert = pem("station.pem", issue("ST-001", station), ca);
        Path key = pkcs8("station.key", station);

        KeyStore ks = TlsMaterial.keyStore(cert, key, Instant.now());
        assertThat(Collections.list(ks.aliases())).containsExactly("station");
        Certificate[] chain = ks.getCertificateChain("station");
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).isEqualTo(ca);
        assertThat(TlsMaterial.socketFactory(tls(cert, key))).isNotNull();
    }

    @Test
    void socketFactory_offersTls13And12Only() throws Exception {
        KeyPair station = keys("EC");
        Path cert = pem("station.pem", issue("ST-001", station), ca);
        try (SSLSocket s = (SSLSocket) TlsMaterial.socketFactory(tls(cert, pkcs8("station.key", station))).createSocket()) {
            assertThat(s.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void caBundle_trustsEveryCertificateInIt() throws Exception {
        KeyPair otherKeys = keys("EC");
        X509Certificate other = certificate("CN=Next Device CA", otherKeys, "CN=Next Device CA", otherKeys,
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)), true);
        Path bundle = pem("bundle.pem", ca, other);

        KeyStore ts = TlsMaterial.trustStore(bundle);
        assertThat(Collections.list(ts.aliases())).hasSize(2).allSatisfy(a -> assertThat(ts.isCertificateEntry(a)).isTrue());
        assertThat(TlsMaterial.socketFactory(new UplinkSettings.Tls(bundle, Optional.empty(), Optional.empty())))
                .isNotNull();
    }

    @Test
    void commonName_isTheSubjectsCn_orEmptyWithoutOne() throws Exception {
        KeyPair k = keys("EC");
        assertThat(TlsMaterial.commonName(pem("st.pem", issue("ST-042", k), ca))).contains("ST-042");
        X509Certificate noCn = certificate("O=Street Station,C=DE", k, "CN=Test Device CA", caKeys,
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)), false);
        assertThat(TlsMaterial.commonName(pem("nocn.pem", noCn))).isEmpty();
    }

    @Test
    void missingFile_namesThePath() {
        Path missing = dir.resolve("nowhere/ca.pem");
        assertThatThrownBy(() -> TlsMaterial.socketFactory(new UplinkSettings.Tls(missing, Optional.empty(), Optional.empty())))
                .isInstanceOf(TlsMaterialException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(missing.toString())
                .hasMessageContaining("no such file")
                .satisfies(e -> assertThat(((TlsMaterialException) e).file()).isEqualTo(missing));
    }

    @Test
    void unreadableFile_namesThePath() throws Exception {
        // a directory where a file belongs: unreadable as a file even for root, who ignores file modes
        Path directory = Files.createDirectories(dir.resolve("ca.d"));
        assertThatThrownBy(() -> TlsMaterial.trustStore(directory))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(directory.toString())
                .hasMessageContaining("cannot be read");
    }

    @Test
    void fileWithoutPemBlock_isRefused_sayingWhatWasExpected() throws Exception {
        Path der = Files.write(dir.resolve("ca.der"), ca.getEncoded());
        assertThatThrownBy(() -> TlsMaterial.trustStore(der))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("no PEM block")
                .hasMessageContaining("BEGIN CERTIFICATE")
                .hasMessageContaining("not DER");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> TlsMaterial.trustStore(empty)).hasMessageContaining("the file is empty");
    }

    @Test
    void certificateFileHoldingOnlyAKey_isRefused() throws Exception {
        Path key = pkcs8("swapped.pem", keys("EC"));
        assertThatThrownBy(() -> TlsMaterial.trustStore(key))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("no -----BEGIN CERTIFICATE----- block")
                .hasMessageContaining("[PRIVATE KEY]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void legacyKeyFormat_isRefused_withTheConversionCommand(String algorithm) throws Exception {
        KeyPair station = keys(algorithm);
        Path cert = pem("station.pem", issue("ST-001", station), ca);
        Path key = dir.resolve("legacy.key");
        try (Writer w = Files.newBufferedWriter(key); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(station.getPrivate()); // BouncyCastle writes the traditional OpenSSL format
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN " + algorithm + " PRIVATE KEY-----");

        assertThatThrownBy(() -> TlsMaterial.socketFactory(tls(cert, key)))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(key.toString())
                .hasMessageContaining("BEGIN " + algorithm + " PRIVATE KEY")
                .hasMessageContaining(CONVERT);
    }

    @Test
    void encryptedKey_isRefused_withTheDecryptionCommand() throws Exception {
        KeyPair station = keys("EC");
        Path cert = pem("station.pem", issue("ST-001", station), ca);
        Path key = dir.resolve("encrypted.key");
        try (Writer w = Files.newBufferedWriter(key); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(new JcaPKCS8Generator(station.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setPassword("secret".toCharArray())
                            .setProvider(new BouncyCastleProvider()) // an instance: nothing registered globally
                            .build()));
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> TlsMaterial.socketFactory(tls(cert, key)))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(key.toString())
                .hasMessageContaining("encrypted")
                .hasMessageContaining(CONVERT);
    }

    @Test
    void keyOfAnotherCertificate_isRefused() throws Exception {
        Path cert = pem("station.pem", issue("ST-001", keys("EC")), ca);
        Path key = pkcs8("other.key", keys("EC"));
        assertThatThrownBy(() -> TlsMaterial.socketFactory(tls(cert, key)))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(key.toString())
                .hasMessageContaining("does not match the public key of the certificate \"CN=ST-001\"")
                .hasMessageContaining(cert.toString());
    }

    @Test
    void keyOfAnotherAlgorithm_isRefused() throws Exception {
        Path cert = pem("station.pem", issue("ST-001", keys("EC")), ca);
        Path key = pkcs8("rsa.key", keys("RSA"));
        assertThatThrownBy(() -> TlsMaterial.socketFactory(tls(cert, key)))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("the key is RSA")
                .hasMessageContaining("its public key is EC");
    }

    @Test
    void expiredCertificate_isRefused_sayingSinceWhen() throws Exception {
        KeyPair station = keys("EC");
        Instant notAfter = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Path cert = pem("station.pem", certificate("CN=ST-001", station, "CN=Test Device CA", caKeys,
                notAfter.minus(Duration.ofDays(10)), notAfter, false), ca);
        Path key = pkcs8("station.key", station);
        assertThatThrownBy(() -> TlsMaterial.socketFactory(tls(cert, key)))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(cert.toString())
                .hasMessageContaining("expired on " + notAfter)
                .hasMessageContaining("clock");
    }

    @Test
    void notYetValidCertificate_isRefused_sayingFromWhen() throws Exception {
        KeyPair station = keys("EC");
        Instant notBefore = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        Path cert = pem("station.pem", certificate("CN=ST-001", station, "CN=Test Device CA", caKeys,
                notBefore, notBefore.plus(Duration.ofDays(10)), false), ca);
        Path key = pkcs8("station.key", station);
        assertThatThrownBy(() -> TlsMaterial.socketFactory(tls(cert, key)))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(cert.toString())
                .hasMessageContaining("not valid before " + notBefore)
                .hasMessageContaining("clock");
    }

    @Test
    void expiredCa_isRefused() throws Exception {
        Instant notAfter = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Path old = pem("old-ca.pem", certificate("CN=Old CA", caKeys, "CN=Old CA", caKeys,
                notAfter.minus(Duration.ofDays(10)), notAfter, true));
        assertThatThrownBy(() -> TlsMaterial.trustStore(old))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(old.toString())
                .hasMessageContaining("no CA certificate in it is valid now")
                .hasMessageContaining("until " + notAfter);
    }

    @Test
    void keyWithoutCertificate_isRefused() throws Exception {
        Path key = pkcs8("station.key", keys("EC"));
        assertThatThrownBy(() -> TlsMaterial.socketFactory(new UplinkSettings.Tls(caPem, Optional.empty(), Optional.of(key))))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(key.toString())
                .hasMessageContaining("without a certificate");
    }

    // ---- material

    private UplinkSettings.Tls tls(Path cert, Path key) {
        return new UplinkSettings.Tls(caPem, Optional.of(cert), Optional.of(key));
    }

    private static KeyPair keys(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        switch (algorithm) {
            case "EC" -> g.initialize(new ECGenParameterSpec("secp256r1"));
            case "RSA" -> g.initialize(2048);
            default -> {
                // Ed25519: no parameters
            }
        }
        return g.generateKeyPair();
    }

    private X509Certificate issue(String cn, KeyPair subject) throws Exception {
        return certificate("CN=" + cn, subject, "CN=Test Device CA", caKeys, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)), false);
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               Instant from, Instant until, boolean isCa) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(until), new X500Name(subject),
                subjectKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private Path pem(String name, X509Certificate... certs) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (X509Certificate c : certs) {
                p.writeObject(c);
            }
        }
        return file;
    }

    private Path pkcs8(String name, KeyPair k) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(new JcaPKCS8Generator(k.getPrivate(), null));
        }
        return file;
    }
}

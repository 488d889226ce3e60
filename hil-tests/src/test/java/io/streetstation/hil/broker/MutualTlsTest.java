package io.streetstation.hil.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.uplink.TlsMaterial;
import io.streetstation.hil.central.MessageCallback;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station's uplink over mutual TLS against a real broker: only a station certificate from the
 * device CA gets in, and the station only talks to a broker with a certificate from that CA for the
 * name it dialled (host-name verification on).
 *
 * <p>One broker for the class (start ≈ 1.5 s, stop ≈ 4 s); each test uses its own client ids and
 * leaves no session behind, and every refusal is followed by a good station getting in, so a
 * refusal cannot come from a broker that is down.
 *
 * <p>An expired station certificate is refused by {@link TlsMaterial} when the agent loads it (a
 * clear error at start, not a handshake failure on every reconnect); the broker refuses it too, for
 * a client that skips that check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MutualTlsTest {

    private static final long WAIT_MS = 15_000;

    private TestPki pki;
    private EmbeddedBroker broker;

    @BeforeAll
    void startBroker(@TempDir Path dir) {
        pki = TestPki.create(dir.resolve("pki"));
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")).withTls(pki.brokerTls()));
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void stationCertificate_fromDeviceCa_connectsAndRoundTripsOverTls_besideAPlainTcpCentral() throws Exception {
        TestPki.Identity station = pki.station("ST-001");
        assertThat(TlsMaterial.commonName(station.certPem())).contains("ST-001");
        assertThat(broker.tlsUrl()).startsWith("ssl://localhost:");

        BlockingQueue<String> stationInbox = new LinkedBlockingQueue<>();
        BlockingQueue<String> centralInbox = new LinkedBlockingQueue<>();
        MqttAsyncClient c = client(broker.tlsUrl(), "ST-001", stationInbox);
        MqttAsyncClient central = client(broker.url(), "central", centralInbox);
        try {
            central.connect(plainOptions()).waitForCompletion(WAIT_MS);
            central.subscribe("stations/+/events", 1).waitForCompletion(WAIT_MS);
            c.connect(options(TlsMaterial.socketFactory(station.tls()))).waitForCompletion(WAIT_MS);
            assertThat(c.isConnected()).isTrue();
            c.subscribe("stations/ST-001/#", 1).waitForCompletion(WAIT_MS);
            c.publish("stations/ST-001/events", "roof open".getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(WAIT_MS);
            assertThat(stationInbox.poll(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("stations/ST-001/events roof open");
            assertThat(centralInbox.poll(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("stations/ST-001/events roof open");
            c.disconnect().waitForCompletion(WAIT_MS);
            central.disconnect().waitForCompletion(WAIT_MS);
        } finally {
            c.close(true);
            central.close(true);
        }
    }

    @Test
    void clientWithoutCertificate_isRefusedByTheBroker() throws Exception {
        UplinkSettings.Tls serverOnly = new UplinkSettings.Tls(pki.caPem(), Optional.empty(), Optional.empty());
        assertThat(refusedInHandshake("no-cert", TlsMaterial.socketFactory(serverOnly))).contains("certificate_required");
    }

    @Test
    void certificateFromRogueCa_withTheSameCn_isRefusedByTheBroker() throws Exception {
        TestPki.Identity rogue = pki.rogueStation("ST-001");
        assertThat(TlsMaterial.commonName(rogue.certPem())).contains("ST-001");
        // the JDK client does not even offer it: the broker names the device CA as the one it accepts
        refusedInHandshake("ST-001", TlsMaterial.socketFactory(rogue.tls()));
        // a client that presents it anyway is refused by the broker's own check
        assertThat(refusedInHandshake("ST-001", presentingRegardless(rogue))).doesNotContain("certificate_required");
    }

    @Test
    void stationNotTrustingTheBrokersCa_refusesTheBroker() throws Exception {
        TestPki.Identity station = pki.station("ST-002");
        UplinkSettings.Tls wrongCa = new UplinkSettings.Tls(pki.rogueCaPem(), Optional.of(station.certPem()),
                Optional.of(station.keyPem()));
        assertThat(refusedInHandshake("ST-002", TlsMaterial.socketFactory(wrongCa)))
                .contains("PKIX path building failed");
    }

    @Test
    void expiredStationCertificate_isRefusedAtLoad_andByTheBroker() throws Exception {
        TestPki.Identity expired = pki.expiredStation("ST-003");
        assertThatThrownBy(() -> TlsMaterial.socketFactory(expired.tls()))
                .isInstanceOf(TlsMaterial.TlsMaterialException.class)
                .hasMessageStartingWith(expired.certPem().toString())
                .hasMessageContaining("expired on");
        // defence in depth: a client that skips the check and presents it anyway is refused by the broker
        assertThat(refusedInHandshake("ST-003", presentingRegardless(expired))).doesNotContain("certificate_required");
    }

    @Test
    void keyStoreItCannotOpen_brokerRefusesToStart(@TempDir Path dir) {
        EmbeddedBroker.Tls wrongPassword = new EmbeddedBroker.Tls(pki.brokerKeyStore(), "wrong", pki.trustStore(),
                pki.password(), true);
        assertThatThrownBy(() -> EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir).withTls(wrongPassword)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("ssl://localhost:");
    }

    /**
     * Connecting fails in the TLS handshake (not by timing out), the client stays disconnected, and
     * the broker still admits a good station afterwards.
     *
     * @return the handshake failure's message, e.g. {@code (certificate_required) Received fatal alert: ...}
     */
    private String refusedInHandshake(String clientId, SSLSocketFactory factory) throws Exception {
        MqttAsyncClient c = client(clientId, new LinkedBlockingQueue<>());
        MqttException e;
        try {
            e = catchThrowableOfType(MqttException.class, () -> c.connect(options(factory)).waitForCompletion(WAIT_MS));
            assertThat(e).as("connect must fail").isNotNull();
            assertThat(e.getReasonCode()).as("refused, not timed out: %s", e)
                    .isNotEqualTo(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            assertThat(c.isConnected()).isFalse();
        } finally {
            c.close(true);
        }
        SSLHandshakeException handshake = causes(e).stream().filter(SSLHandshakeException.class::isInstance)
                .map(SSLHandshakeException.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("not a TLS handshake failure: " + causes(e)));

        MqttAsyncClient good = client("good-after-" + clientId, new LinkedBlockingQueue<>());
        try {
            good.connect(options(TlsMaterial.socketFactory(pki.station("good-after-" + clientId).tls())))
                    .waitForCompletion(WAIT_MS);
            assertThat(good.isConnected()).as("the broker still admits a good station").isTrue();
            good.disconnect().waitForCompletion(WAIT_MS);
        } finally {
            good.close(true);
        }
        return handshake.getMessage();
    }

    private MqttAsyncClient client(String id, BlockingQueue<String> inbox) throws MqttException {
        return client(broker.tlsUrl(), id, inbox);
    }

    private static MqttAsyncClient client(String url, String id, BlockingQueue<String> inbox) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, id, new MemoryPersistence());
        c.setCallback(new MessageCallback((topic, m) ->
                inbox.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8))));
        return c;
    }

    /** As the station connects: its socket factory, the broker's name checked against its certificate. */
    private static MqttConnectionOptions options(SSLSocketFactory factory) {
        MqttConnectionOptions o = plainOptions();
        o.setSocketFactory(factory);
        o.setHttpsHostnameVerificationEnabled(true);
        return o;
    }

    private static MqttConnectionOptions plainOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(10);
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        return o;
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    /**
     * The identity's chain and key, presented whatever CAs the broker asks for and whatever their
     * validity, trusting the identity's CA: a client that skips TlsMaterial's checks.
     */
    private static SSLSocketFactory presentingRegardless(TestPki.Identity id) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate[] chain = cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(id.certPem())))
                .toArray(X509Certificate[]::new);
        String base64 = Files.readString(id.keyPem()).replaceAll("-----[A-Z ]+-----", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        X509ExtendedKeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"station"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "station";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "station";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.clone();
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", cf.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(id.caPem()))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {always}, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }
}

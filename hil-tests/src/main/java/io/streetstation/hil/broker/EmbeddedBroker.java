package io.streetstation.hil.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A real MQTT 5 broker (HiveMQ CE, embedded) for the demo and the tests: it stands in for the
 * city's broker, never ships in the agent. Listens on loopback on a free port chosen when it is
 * made and kept across {@link #stop()}/{@link #start()} so clients reconnect to the same address;
 * with {@link Options#persistent()} sessions, queued messages and retained messages survive the
 * restart, as on a production broker.
 *
 * <p>With {@link Options#withTls} it also listens for TLS (1.3, 1.2) on a second free port,
 * {@link #tlsUrl()}, beside the plain TCP one: the rig's central keeps using {@link #url()} while
 * the station proves its identity with a client certificate ({@link TestPki} makes the material).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("broker");

    /**
     * @param persistent keep sessions and queues on disk in {@code dir} (survives a restart); else in memory
     * @param tls TLS listener material, or null for plain TCP only
     * @param bindAddress where to listen, e.g. {@code 127.0.0.1}
     */
    public record Options(Path dir, boolean persistent, Tls tls, String bindAddress) {

        public static Options inMemory(Path dir) {
            return new Options(dir, false, null, "127.0.0.1");
        }

        public Options persistentSessions() {
            return new Options(dir, true, tls, bindAddress);
        }

        public Options withTls(Tls material) {
            return new Options(dir, persistent, material, bindAddress);
        }
    }

    /**
     * A TLS listener: the broker's key store (PKCS#12 or JKS; its one key entry, protected by the
     * store's password) and the trust store of the CA whose certificates clients must present.
     *
     * @param requireClientCertificate refuse clients without a certificate from the trust store's CA
     *     (mutual TLS); else clients are not asked for one
     */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                      boolean requireClientCertificate) {
    }

    private final Options options;
    private final int port;
    private final int tlsPort;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Options options) throws IOException {
        this.options = options;
        this.port = freePort(options.bindAddress());
        this.tlsPort = options.tls() == null ? -1 : freePort(options.bindAddress());
        Files.createDirectories(options.dir().resolve("conf"));
        Files.createDirectories(options.dir().resolve("data"));
        Files.createDirectories(options.dir().resolve("extensions"));
        Files.writeString(options.dir().resolve("conf/config.xml"), configXml(), StandardCharsets.UTF_8);
        Files.writeString(options.dir().resolve("conf/logback.xml"), LOGBACK, StandardCharsets.UTF_8);
    }

    /** Starts a broker (about 1.5 s); {@link #close()} stops it. */
    public static EmbeddedBroker start(Options options) {
        try {
            EmbeddedBroker b = new EmbeddedBroker(options);
            b.start();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded broker in " + options.dir(), e);
        }
    }

    /** (Re)starts the broker on the same port(s). */
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        EmbeddedHiveMQ h = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(options.dir().resolve("conf"))
                .withDataFolder(options.dir().resolve("data"))
                .withExtensionsFolder(options.dir().resolve("extensions"))
                .build();
        try {
            h.start().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(h);
            throw new IllegalStateException("interrupted while starting the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(h);
            throw new IllegalStateException("embedded broker did not start on " + url()
                    + (tlsPort > 0 ? " and " + tlsUrl() : "") + ": " + e + " (the reason is in the broker's log)", e);
        }
        hivemq = h;
        LOG.info("MQTT 5 broker up at {}{}", url(), tlsPort > 0 ? " and " + tlsUrl() : "");
    }

    /** Stops the broker (clients see the connection drop); {@link #start()} brings it back. */
    public synchronized void stop() {
        EmbeddedHiveMQ h = hivemq;
        hivemq = null;
        if (h != null) {
            try {
                h.stop().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("broker stop: {}", e.toString());
            }
            closeQuietly(h);
            LOG.info("MQTT broker stopped");
        }
    }

    public synchronized boolean running() {
        return hivemq != null;
    }

    /** {@code tcp://127.0.0.1:<port>} */
    public String url() {
        return "tcp://" + options.bindAddress() + ":" + port;
    }

    /**
     * {@code ssl://localhost:<port>}; only with a TLS listener. A name, as a station dials the city's
     * broker, so clients check it against the certificate's DNS name ({@link TestPki}'s broker
     * certificate also names IP 127.0.0.1, so {@code ssl://127.0.0.1:<port>} passes too). The JDK
     * resolves {@code localhost} to 127.0.0.1 first, where the listener is bound.
     */
    public String tlsUrl() {
        if (tlsPort < 0) {
            throw new IllegalStateException("this broker has no TLS listener (Options.withTls)");
        }
        return "ssl://localhost:" + tlsPort;
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(EmbeddedHiveMQ h) {
        try {
            h.close();
        } catch (Exception e) {
            LOG.debug("broker close: {}", e.toString());
        }
    }

    private static int freePort(String bind) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bind))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private String configXml() {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        b.append(String.format(Locale.ROOT, "    <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>%n",
                port, options.bindAddress()));
        Tls t = options.tls();
        if (t != null) {
            b.append(String.format(Locale.ROOT, """
                        <tls-tcp-listener>
                          <port>%d</port><bind-address>%s</bind-address>
                          <tls>
                            <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>
                            <keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                            <truststore><path>%s</path><password>%s</password></truststore>
                            <client-authentication-mode>%s</client-authentication-mode>
                          </tls>
                        </tls-tcp-listener>
                    """, tlsPort, options.bindAddress(), xml(t.keyStore().toAbsolutePath().toString()),
                    xml(t.keyStorePassword()), xml(t.keyStorePassword()), xml(t.trustStore().toAbsolutePath().toString()),
                    xml(t.trustStorePassword()), t.requireClientCertificate() ? "REQUIRED" : "NONE"));
        }
        b.append("  </listeners>\n");
        b.append("  <persistence><mode>").append(options.persistent() ? "file" : "in-memory").append("</mode></persistence>\n");
        b.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        // HiveMQ queues 1,000 messages per subscriber by default and discards beyond: a subscriber
        // that falls behind a backlog drain would lose messages the station delivered. Central's
        // broker needs the same generous queue (config/mosquitto: max_queued_messages).
        b.append("  <mqtt><queued-messages><max-queue-size>1000000</max-queue-size><strategy>discard</strategy>"
                + "</queued-messages></mqtt>\n");
        b.append("</hivemq>\n");
        return b.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** HiveMQ logs through logback: warnings and errors only, to stderr, so the demo's view stays readable. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.err</target>
                <encoder><pattern>%d{HH:mm:ss.SSS} broker %-5level %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="ERR"/></root>
              <logger name="com.hivemq" level="WARN"/>
              <logger name="oshi" level="OFF"/>
              <logger name="jetbrains.exodus" level="ERROR"/>
              <logger name="com.hivemq.extensions" level="ERROR"/>
            </configuration>
            """;
}

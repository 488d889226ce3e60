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
 * city's broker, never ships in the agent. Listens on loopback on a free port chosen at first
 * start and kept across {@link #stop()}/{@link #start()} so clients reconnect to the same address;
 * with {@link Options#persistent()} sessions, queued messages and retained messages survive the
 * restart, as on a production broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("broker");

    /**
     * @param persistent keep sessions and queues on disk in {@code dir} (survives a restart); else in memory
     * @param bindAddress where to listen, e.g. {@code 127.0.0.1}
     */
    public record Options(Path dir, boolean persistent, String bindAddress) {

        public static Options inMemory(Path dir) {
            return new Options(dir, false, "127.0.0.1");
        }

        public Options persistentSessions() {
            return new Options(dir, true, bindAddress);
        }
    }

    private final Options options;
    private final int port;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Options options) throws IOException {
        this.options = options;
        this.port = freePort(options.bindAddress());
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
            throw new IllegalStateException("embedded broker did not start on " + url() + ": " + e, e);
        }
        hivemq = h;
        LOG.info("MQTT 5 broker up at {}", url());
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
        b.append("  </listeners>\n");
        b.append("  <persistence><mode>").append(options.persistent() ? "file" : "in-memory").append("</mode></persistence>\n");
        b.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        b.append("</hivemq>\n");
        return b.toString();
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

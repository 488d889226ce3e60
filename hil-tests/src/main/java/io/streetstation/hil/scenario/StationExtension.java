package io.streetstation.hil.scenario;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.StationConfigLoader;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.broker.TestPki;
import io.streetstation.hil.rig.RigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a scenario method a started {@link Station} parameter and closes it afterwards. The rig
 * comes from the system property {@code rig} (a rig file), by default {@code config/rig.virtual.yaml}
 * of the repository. When a scenario fails, its timeline is written to
 * {@code target/hil-timelines/<class>.<method>.txt}. A scenario annotated {@link UplinkTls} gets a
 * station whose agent connects over mutual TLS to a broker of its own; one annotated
 * {@link UplinkImages} gets the agent's image settings it names.
 *
 * <pre>
 * &#64;ExtendWith(StationExtension.class)
 * class RoofScenarios {
 *     &#64;Test void roofOpens(Station station) { ... }
 * }
 * </pre>
 */
public final class StationExtension implements ParameterResolver, AfterEachCallback {

    public static final String RIG_PROPERTY = "rig";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StationExtension.class);
    private static final String TLS_BROKER = "tls-broker";

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Station.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        try {
            Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hil-");
            RigFile rig = RigFile.load(rigFile());
            RunSpeed run = c.getRequiredTestClass().getAnnotation(RunSpeed.class);
            if (run != null && rig.allVirtual()) {
                rig = rig.withSpeed(run.value());
            }
            RigWeather weather = c.getRequiredTestClass().getAnnotation(RigWeather.class);
            if (weather != null) {
                rig = rig.withWeather(weather.value());
            }
            MaxSpeed cap = c.getRequiredTestClass().getAnnotation(MaxSpeed.class);
            if (cap != null && rig.speed() > cap.value()) {
                rig = rig.withSpeed(cap.value());
            }
            UplinkTls tls = uplinkTls(c);
            UplinkImages images = c.getRequiredTestClass().getAnnotation(UplinkImages.class);
            Station station = tls != null ? startTls(rig, work, tls, c)
                    : images != null ? Station.start(rig, work, brokerUrl(rig, c), images)
                    : Station.start(rig, work, brokerUrl(rig, c));
            c.getStore(NS).put("station", station);
            return station;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the rig's working directory", e);
        }
    }

    /**
     * Central's broker for the scenario: the rig file's URL, or one embedded MQTT 5 broker started
     * on first use and shared by every scenario of this test run (stopped when the run ends).
     */
    private static String brokerUrl(RigFile rig, ExtensionContext c) {
        if (!rig.embeddedBroker()) {
            return rig.broker();
        }
        SharedBroker shared = c.getRoot().getStore(NS).getOrComputeIfAbsent("broker", k -> new SharedBroker(),
                SharedBroker.class);
        return shared.broker.url();
    }

    /** The method's {@link UplinkTls}, else the class's, else null (plain TCP). */
    private static UplinkTls uplinkTls(ExtensionContext c) {
        UplinkTls onMethod = c.getRequiredTestMethod().getAnnotation(UplinkTls.class);
        return onMethod != null ? onMethod : c.getRequiredTestClass().getAnnotation(UplinkTls.class);
    }

    /**
     * A station over mutual TLS: a PKI and an embedded broker with a TLS listener of the scenario's
     * own (closed after the station), whatever broker the rig file names (that one does not trust
     * the test PKI), and the agent's TLS material as {@code tls} asks.
     */
    private static Station startTls(RigFile rig, Path work, UplinkTls tls, ExtensionContext c) {
        TestPki pki = TestPki.create(work.resolve("pki"));
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(work.resolve("tls-broker"))
                .withTls(pki.brokerTls()));
        c.getStore(NS).put(TLS_BROKER, broker);
        String stationId = StationConfigLoader.load(rig.station(), StationConfig.DEFAULT_DEVICES_ROOT).stationId();
        return Station.startTls(rig, work, new Station.TlsLink(broker.tlsUrl(),
                material(tls.value(), pki, work, stationId), broker.url()));
    }

    /** The agent's {@code uplink.tls} for {@code m}; a second PKI, when one is needed, goes under {@code work}. */
    private static UplinkSettings.Tls material(UplinkTls.Material m, TestPki pki, Path work, String stationId) {
        TestPki.Identity station = pki.station(stationId);
        return switch (m) {
            case DEVICE_CA -> station.tls();
            case CLIENT_CA_NOT_TRUSTED_BY_BROKER -> {
                TestPki.Identity stranger = TestPki.create(work.resolve("other-pki")).station(stationId);
                yield new UplinkSettings.Tls(pki.caPem(), Optional.of(stranger.certPem()), Optional.of(stranger.keyPem()));
            }
            case BROKER_CA_NOT_TRUSTED_BY_AGENT -> new UplinkSettings.Tls(TestPki.create(work.resolve("other-pki")).caPem(),
                    Optional.of(station.certPem()), Optional.of(station.keyPem()));
        };
    }

    /** Closed by JUnit when the whole run ends. */
    private static final class SharedBroker implements AutoCloseable {
        final EmbeddedBroker broker;

        SharedBroker() {
            try {
                broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(
                        Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hil-broker-")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    /** The rig file: {@code -Drig=...}, else the repository's virtual rig. */
    public static Path rigFile() {
        String given = System.getProperty(RIG_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve("rig.virtual.yaml");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no rig file: pass -D" + RIG_PROPERTY + "=<file> or run inside the repository");
    }

    @Override
    public void afterEach(ExtensionContext c) throws Exception {
        // an @UplinkTls scenario's own broker, stopped once its station has said goodbye on it
        EmbeddedBroker tlsBroker = c.getStore(NS).remove(TLS_BROKER, EmbeddedBroker.class);
        try {
            closeStation(c);
        } finally {
            if (tlsBroker != null) {
                tlsBroker.close();
            }
        }
    }

    private static void closeStation(ExtensionContext c) throws Exception {
        Station station = c.getStore(NS).remove("station", Station.class);
        if (station == null) {
            return;
        }
        try {
            if (c.getExecutionException().isPresent()) {
                Path file = Path.of("target", "hil-timelines",
                        c.getRequiredTestClass().getSimpleName() + "." + c.getRequiredTestMethod().getName() + ".txt");
                station.timeline().write(file);
            }
        } finally {
            station.close();
        }
    }
}

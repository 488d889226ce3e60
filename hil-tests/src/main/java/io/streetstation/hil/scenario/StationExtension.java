package io.streetstation.hil.scenario;

import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.rig.RigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a scenario method a started {@link Station} parameter and closes it afterwards. The rig
 * comes from the system property {@code rig} (a rig file), by default {@code config/rig.virtual.yaml}
 * of the repository. When a scenario fails, its timeline is written to
 * {@code target/hil-timelines/<class>.<method>.txt}.
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
            Station station = Station.start(rig, work, brokerUrl(rig, c));
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

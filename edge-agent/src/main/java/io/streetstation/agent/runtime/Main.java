package io.streetstation.agent.runtime;

import io.streetstation.agent.config.ConfigException;
import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.StationConfigLoader;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.device.VehicleTelemetry;
import io.streetstation.bridge.gpio.GpioProvider;
import io.streetstation.bridge.gpio.GpioUnavailableException;
import io.streetstation.bridge.link.SerialLink;
import io.streetstation.bridge.time.StationClock;
import io.streetstation.bridge.time.SystemStationClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code edge-agent.jar}: parses the command line, loads the station
 * configuration, starts the {@link StationRuntime} and runs until SIGTERM/Ctrl-C.
 */
@Command(name = "edge-agent",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {"Edge agent of a street police station: drives the drone nest, drones, patrol robot, "
                + "balance-vehicle rack and capture cameras, and links the station to central command.",
                "",
                "Exit codes: 0 stopped on request, 2 bad command line or configuration, 3 hardware unavailable."})
public final class Main implements Callable<Integer> {

    private static final TaggedLogger LOG = Logger.tag("runtime");

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "station configuration (YAML), e.g. /etc/station/station.yaml; see config/station.example.yaml")
    Path config;

    @Option(names = "--devices-root", paramLabel = "DIR",
            description = "where /dev/station/* paths of the configuration point (default: /dev/station); "
                    + "the virtual rig passes its directory of virtual serial cables")
    Path devicesRoot = StationConfig.DEFAULT_DEVICES_ROOT;

    @Option(names = "--gpio-provider", paramLabel = "gpiod|mock",
            description = "override the configuration's GPIO provider (the virtual rig uses mock)")
    String gpioProvider;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "override the configuration's MAVLink signing key file")
    Path signingKey;

    @Option(names = "--native-dir", paramLabel = "DIR",
            description = "directory for jssc's native library (default: serial.native-dir of the configuration, "
                    + "else java.io.tmpdir); needed where /tmp is mounted noexec")
    Path nativeDir;

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "log one status line per device this often, station seconds (0 = never; default ${DEFAULT-VALUE})")
    int statusInterval;

    public static void main(String[] args) {
        int exit = run(args);
        stopLogging();
        System.exit(exit);
    }

    /** Runs the command line and returns the process exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof ConfigException) {
                err.println("configuration error: " + e.getMessage());
                return 2;
            }
            if (e instanceof GpioUnavailableException) {
                err.println("hardware unavailable: " + e.getMessage());
                return 3;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        StationConfig station = StationConfigLoader.load(config, devicesRoot);
        if (gpioProvider != null) {
            station = station.withGpioProvider(parseProvider(gpioProvider));
        }
        if (signingKey != null) {
            station = station.withSigningKey(signingKey);
        }
        Path natives = nativeDir != null ? nativeDir : station.serial().nativeDir().orElse(null);
        if (natives != null) {
            try {
                SerialLink.nativeLibraryDirectory(natives);
            } catch (IOException e) {
                throw new ConfigException("--native-dir: cannot use " + natives + ": " + e.getMessage(), e);
            }
        }
        SystemStationClock clock = new SystemStationClock(station.clockSpeed());
        CountDownLatch stopped = new CountDownLatch(1);
        try (StationRuntime runtime = StationRuntime.start(station, clock)) {
            Thread hook = new Thread(() -> {
                LOG.info("stopping on signal");
                runtime.close();
                stopped.countDown();
                stopLogging();
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (statusInterval > 0) {
                clock.scheduleAtFixedRate(Duration.ofSeconds(statusInterval), Duration.ofSeconds(statusInterval),
                        () -> logStatus(runtime));
            }
            stopped.await();
        } finally {
            clock.close();
        }
        return 0;
    }

    /** tinylog's own shutdown hook is off (autoshutdown = false) so that our shutdown gets logged; flush now. */
    public static void stopLogging() {
        try {
            org.tinylog.provider.ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static GpioProvider parseProvider(String s) {
        try {
            return GpioProvider.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--gpio-provider: '" + s + "' is not gpiod or mock");
        }
    }

    /** One line per device: what an operator needs to see at a glance. */
    static void logStatus(StationRuntime runtime) {
        for (FrameDeviceMonitor d : runtime.frameDevices()) {
            DeviceHealth h = d.health();
            LOG.info(String.format(Locale.ROOT, "%-8s %-7s %s (%s)", h.device(), h.status(), d.summary(), h.detail()));
        }
        for (VehicleMonitor v : runtime.vehicles()) {
            LOG.info(describe(v.health(), v.telemetry()));
        }
    }

    static String describe(DeviceHealth h, VehicleTelemetry t) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s %-7s", h.device(), h.status()));
        if (t.mode() != null) {
            b.append(String.format(Locale.ROOT, " %s %s", t.mode(), t.armed() ? "ARMED" : "disarmed"));
        }
        if (!Double.isNaN(t.batteryPercent())) {
            b.append(String.format(Locale.ROOT, " bat %.0f%%", t.batteryPercent()));
        }
        if (!Double.isNaN(t.lat())) {
            b.append(String.format(Locale.ROOT, " at %.6f,%.6f alt %.1f m", t.lat(), t.lon(), t.relativeAlt()));
        }
        if (t.gpsFix() != null) {
            b.append(" gps ").append(t.gpsFix()).append('/').append(t.satellites());
        }
        return b.append(" (").append(h.detail()).append(')').toString();
    }

    /** Version from the jar manifest, "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"edge-agent " + (v == null ? "dev" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

package io.streetstation.hil.scenario;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.StationConfigLoader;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.runtime.Main;
import io.streetstation.bridge.time.SystemStationClock;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.VirtualRig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The station agent as the board runs it — its own JVM, started by its own {@code main} with the
 * Java options of {@code config/station-agent.service} — wired to a virtual rig in this process:
 * the agent opens the rig's pseudo-terminals through {@code --devices-root}, verifies the rig's
 * MAVLink signing key and this run's central keys, and dials {@code brokerUrl} over plain TCP.
 * A benchmark timing the agent inside the harness's JVM would time that JVM instead (its heap,
 * its collector, its other threads' garbage); this one times the process a station runs.
 *
 * <p>The agent's console goes to {@code <workDir>/agent.log}. {@link #stop()} and {@link #close()}
 * stop it as systemd does.
 */
public final class AgentProcess implements AutoCloseable {

    private static final String UNIT = "station-agent.service";
    private static final long STOP_TIMEOUT_S = 20;   // TimeoutStopSec in the unit

    private final String stationId;
    private final SystemStationClock clock;
    private final VirtualRig rig;
    private final CentralKeys keys;
    private final CentralView central;
    private final Process process;
    private final Path log;
    private final List<String> javaOptions;
    private final Thread reaper;

    private AgentProcess(String stationId, SystemStationClock clock, VirtualRig rig, CentralKeys keys,
                         CentralView central, Process process, Path log, List<String> javaOptions, Thread reaper) {
        this.stationId = stationId;
        this.clock = clock;
        this.rig = rig;
        this.keys = keys;
        this.central = central;
        this.process = process;
        this.log = log;
        this.javaOptions = javaOptions;
        this.reaper = reaper;
    }

    /**
     * Starts the rig {@code rigFile} describes (it must be all virtual, speed 1: the agent's own
     * clock runs at the station file's speed), central's view on {@code brokerUrl}, and the agent.
     * Returns once the agent runs; it is connected and its devices online only some seconds later.
     */
    public static AgentProcess start(RigFile rigFile, Path workDir, String brokerUrl) {
        StationConfig station = StationConfigLoader.load(rigFile.station(), StationConfig.DEFAULT_DEVICES_ROOT);
        if (!rigFile.allVirtual() || rigFile.speed() != station.clockSpeed()) {
            throw new IllegalStateException(rigFile.source() + ": an agent in its own process needs every device virtual "
                    + "and the rig's clock at the station file's speed (" + station.clockSpeed() + "), was "
                    + rigFile.speed());
        }
        SystemStationClock clock = new SystemStationClock(rigFile.speed());
        VirtualRig rig = null;
        CentralView central = null;
        try {
            rig = Station.startRig(rigFile, station, clock, workDir);
            CentralKeys keys = CentralKeys.generate(workDir.resolve("keys"));
            Path config = stationFile(rigFile.station(), workDir, brokerUrl, keys.security());
            central = CentralView.connect(brokerUrl, "central-agent-process-" + Long.toHexString(System.nanoTime()),
                    "stations/" + station.stationId() + "/#", clock::now);
            Path log = workDir.resolve("agent.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> javaOptions = unitJavaOptions();
            command.addAll(javaOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--config", config.toString(),
                    "--devices-root", rig.devicesRoot().toString(),
                    "--gpio-provider", "mock",
                    "--native-dir", workDir.resolve("native").toString(),
                    "--status-interval", "0"));
            rigFile.signingKey().or(rig::signingKeyFile).ifPresent(k -> command.addAll(List.of("--signing-key", k.toString())));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // a harness that exits without closing (a test timed out) must not leave an agent behind
            Thread reaper = new Thread(p::destroyForcibly, "agent-process-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            return new AgentProcess(station.stationId(), clock, rig, keys, central, p, log, javaOptions, reaper);
        } catch (IOException e) {
            Station.closeAll(central, rig, clock);
            throw new UncheckedIOException("cannot start the agent process", e);
        } catch (MqttException e) {
            Station.closeAll(central, rig, clock);
            throw new IllegalStateException("central's view cannot reach the broker at " + brokerUrl + ": " + e, e);
        } catch (RuntimeException | Error e) {
            Station.closeAll(central, rig, clock);
            throw e;
        }
    }

    /**
     * The Java options of the agent's systemd unit ({@code Environment=JAVA_OPTS=...}), without
     * its log configuration (a file under {@code /etc/station}): heap, collector, as on the board.
     */
    public static List<String> unitJavaOptions() throws IOException {
        Path unit = findUnit();
        for (String line : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (s.startsWith("Environment=JAVA_OPTS=")) {
                return Arrays.stream(s.substring("Environment=JAVA_OPTS=".length()).split("\\s+"))
                        .filter(o -> !o.isEmpty() && !o.startsWith("-Dtinylog.configuration="))
                        .toList();
            }
        }
        throw new IllegalStateException(unit + " has no Environment=JAVA_OPTS= line: the benchmark runs the agent "
                + "with the unit's Java options and cannot tell what they are");
    }

    private static Path findUnit() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve(UNIT);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no config/" + UNIT + " here or above: run inside the repository");
    }

    /**
     * The station file with its uplink pointed at {@code brokerUrl} (plain TCP allowed, no TLS),
     * its state under {@code workDir/state} and this run's central keys, written to
     * {@code workDir/station.yaml}; the agent reads it with its own configuration reader.
     */
    private static Path stationFile(Path stationFile, Path workDir, String brokerUrl,
                                    UplinkSettings.CommandSecurity security) {
        Map<Object, Object> keys = new LinkedHashMap<>();
        for (UplinkSettings.CommandKey k : security.keys()) {
            keys.put(k.id(), Map.of(
                    "alg", k.alg().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "file", k.file().toAbsolutePath().toString(),
                    "scopes", k.scopes().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList()));
        }
        Map<Object, Object> commands = new LinkedHashMap<>();
        commands.put("max-clock-skew", security.maxClockSkew().toSeconds() + "s");
        commands.put("max-lifetime", security.maxLifetime().toSeconds() + "s");
        commands.put("keys", keys);
        Path file = workDir.resolve("station.yaml");
        Station.writeWithUplink(stationFile, file, uplink -> {
            uplink.put("broker", brokerUrl);
            uplink.put("allow-plain-tcp", true);
            uplink.remove("tls");
            uplink.put("state-dir", workDir.resolve("state").toAbsolutePath().toString());
            uplink.put("commands", commands);
        });
        return file;
    }

    public String stationId() {
        return stationId;
    }

    public SystemStationClock clock() {
        return clock;
    }

    public VirtualRig rig() {
        return rig;
    }

    public CentralKeys keys() {
        return keys;
    }

    public CentralView central() {
        return central;
    }

    /** The Java options the agent was started with (the unit's, less its log configuration). */
    public List<String> javaOptions() {
        return javaOptions;
    }

    /** The agent's console output. */
    public Path log() {
        return log;
    }

    /** Throws, naming the log, if the agent has exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the agent process exited with " + process.exitValue() + " (see " + log + ")");
        }
    }

    /**
     * Stops the agent as systemd does: SIGTERM (it drives its outputs safe, publishes its OFFLINE
     * status and closes its links), and SIGKILL if it has not exited within the unit's stop
     * timeout. Returns its exit code; the rig and central's view stay up.
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** The agent's process, for what a test must see of it (its command line). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stop();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            Station.closeAll(central, rig, clock);
        }
    }
}

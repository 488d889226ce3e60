package io.streetstation.hil.scenario;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.StationConfigLoader;
import io.streetstation.agent.runtime.StationRuntime;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.bridge.time.SystemStationClock;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.RigOptions;
import io.streetstation.hil.rig.SimNestController;
import io.streetstation.hil.rig.VirtualRig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A running station for a scenario: the rig a {@link RigFile} describes (simulators on virtual
 * cables, links to physical devices) and the production agent runtime wired to it, on one station
 * clock. A scenario is written once against this class and runs on any rig.
 */
public final class Station implements AutoCloseable {

    private final RigFile rigFile;
    private final SystemStationClock clock;
    private final VirtualRig rig;
    private final StationConfig agentConfig;
    private final CentralKeys keys;
    private volatile StationRuntime agent;
    private final Timeline timeline;
    private final Faults faults;
    private final String brokerUrl;
    private final CentralView central;

    private Station(RigFile rigFile, SystemStationClock clock, VirtualRig rig, StationConfig agentConfig,
                    CentralKeys keys, StationRuntime agent, String brokerUrl, CentralView central) {
        this.rigFile = rigFile;
        this.clock = clock;
        this.rig = rig;
        this.agentConfig = agentConfig;
        this.keys = keys;
        this.agent = agent;
        this.timeline = new Timeline(() -> this.agent, clock);
        this.faults = new RigFaults(rigFile, rig, this::agent);
        this.brokerUrl = brokerUrl;
        this.central = central;
        central.addListener(timeline::mqtt);
    }

    /**
     * How the agent reaches the broker over its mutual-TLS listener instead of the plain one: the
     * agent dials {@code agentUrl} ({@code ssl://localhost:<port>}) presenting and trusting
     * {@code tls}, with plain TCP not allowed, as a deployed station does; central's view stays on
     * {@code centralUrl}, the same broker's plain listener, as central's platform sits beside the
     * broker rather than out on the street.
     *
     * @param agentUrl the broker's TLS listener
     * @param tls the PEM files the agent's {@code uplink.tls} names (CA, and cert + key for mutual TLS)
     * @param centralUrl where central's view subscribes and sends commands from
     */
    public record TlsLink(String agentUrl, UplinkSettings.Tls tls, String centralUrl) {

        public TlsLink {
            if (!agentUrl.startsWith("ssl://")) {
                throw new IllegalArgumentException("the agent's TLS link must be ssl://, was " + agentUrl);
            }
        }
    }

    /**
     * Starts the rig and the agent; the devices directory goes under {@code workDir}. Central's
     * view subscribes to this station's tree on {@code brokerUrl} (the rig file's broker, or the
     * embedded one the caller started) and every message it receives goes into the timeline.
     */
    public static Station start(RigFile rigFile, Path workDir, String brokerUrl) {
        StationConfig station = StationConfigLoader.load(rigFile.station(), StationConfig.DEFAULT_DEVICES_ROOT);
        return start(rigFile, station, workDir, brokerUrl, brokerUrl);
    }

    /**
     * As {@link #start(RigFile, Path, String)} with the agent's images section replaced by
     * {@code images} (a scenario that must see every capture go in chunks).
     */
    public static Station start(RigFile rigFile, Path workDir, String brokerUrl, UplinkImages images) {
        StationConfig station = StationConfigLoader.load(rigFile.station(), StationConfig.DEFAULT_DEVICES_ROOT);
        station = station.withUplink(station.uplink().map(u -> u.withImages(images.inlineMaxBytes(), images.chunkBytes())));
        return start(rigFile, station, workDir, brokerUrl, brokerUrl);
    }

    /**
     * As {@link #start(RigFile, Path, String)}, but the agent connects over mutual TLS as
     * {@code link} says. Its uplink section is rewritten into a copy of the station file under
     * {@code workDir} and read back through the agent's own configuration reader, so the TLS
     * settings take the path a deployed station's take.
     */
    public static Station startTls(RigFile rigFile, Path workDir, TlsLink link) {
        return start(rigFile, tlsStation(rigFile, workDir, link), workDir, link.agentUrl(), link.centralUrl());
    }

    private static Station start(RigFile rigFile, StationConfig station, Path workDir, String agentUrl,
                                 String centralUrl) {
        SystemStationClock clock = new SystemStationClock(rigFile.speed());
        VirtualRig rig = null;
        CentralView central = null;
        try {
            rig = startRig(rigFile, station, clock, workDir);
            StationConfig agentConfig = new StationConfig(station.stationId(), station.stationName(), station.clockSpeed(),
                    station.serial(), station.buses(), station.mavlink(), station.vehicles(), station.gpio(), rig.devicesRoot(),
                    station.uplink(), station.operations())
                    .withGpioProvider(rigFile.gpio());
            Optional<Path> key = rigFile.signingKey().or(rig::signingKeyFile);
            if (key.isPresent()) {
                agentConfig = agentConfig.withSigningKey(key.get());
            }
            CentralKeys keys = CentralKeys.generate(workDir.resolve("keys"));
            agentConfig = agentConfig.withUplink(Optional.of(uplink(station, rigFile, agentUrl, workDir, keys)));
            central = CentralView.connect(centralUrl, "central-hil-" + Long.toHexString(System.nanoTime()),
                    "stations/" + station.stationId() + "/#", clock::now);
            Station started = new Station(rigFile, clock, rig, agentConfig, keys, StationRuntime.start(agentConfig, clock),
                    centralUrl, central);
            try {
                started.awaitRecovered();
            } catch (RuntimeException | Error e) {
                started.agent().close();   // the rest closes below
                throw e;
            }
            return started;
        } catch (MqttException e) {
            closeAll(central, rig, clock);
            throw new IllegalStateException("central's view cannot reach the broker at " + centralUrl + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeAll(central, rig, clock);
            throw e;
        }
    }

    /** The rig {@code rigFile} describes, its devices directory under {@code workDir}. */
    static VirtualRig startRig(RigFile rigFile, StationConfig station, SystemStationClock clock, Path workDir) {
        RigOptions defaults = RigOptions.defaults();
        return VirtualRig.start(station, clock, workDir.resolve("dev"),
                new RigOptions(defaults.lat(), defaults.lon(), rigFile.seed(), rigFile.signingKey().isEmpty(),
                        defaults.timings(), rigFile.weather(), rigFile.captureEvery()), rigFile.physical());
    }

    /**
     * The rig's station file with {@code uplink.broker}, {@code allow-plain-tcp} and {@code tls} set
     * for {@code link}, written to {@code workDir/station.tls.yaml} and loaded from there.
     */
    private static StationConfig tlsStation(RigFile rigFile, Path workDir, TlsLink link) {
        Path file = workDir.resolve("station.tls.yaml");
        writeWithUplink(rigFile.station(), file, uplink -> {
            Map<Object, Object> tls = new LinkedHashMap<>();
            tls.put("ca", link.tls().ca().toAbsolutePath().toString());
            link.tls().cert().ifPresent(c -> tls.put("cert", c.toAbsolutePath().toString()));
            link.tls().key().ifPresent(k -> tls.put("key", k.toAbsolutePath().toString()));
            uplink.put("broker", link.agentUrl());
            uplink.put("allow-plain-tcp", false);
            uplink.put("tls", tls);
        });
        return StationConfigLoader.load(file, StationConfig.DEFAULT_DEVICES_ROOT);
    }

    /**
     * Writes {@code stationFile} to {@code file} with its uplink section as {@code edit} leaves it
     * (a mutable copy, in the file's key order), for the agent to read with its own configuration
     * reader.
     */
    static void writeWithUplink(Path stationFile, Path file, Consumer<Map<Object, Object>> edit) {
        try {
            Object loaded;
            try (Reader r = Files.newBufferedReader(stationFile)) {
                loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            }
            if (!(loaded instanceof Map<?, ?> root) || !(root.get("uplink") instanceof Map<?, ?> section)) {
                throw new IllegalStateException(stationFile + " has no uplink section: the rig needs one to "
                        + "connect the station to central");
            }
            Map<Object, Object> uplink = new LinkedHashMap<>(section);
            edit.accept(uplink);
            Map<Object, Object> doc = new LinkedHashMap<>(root);
            doc.put("uplink", uplink);
            DumperOptions block = new DumperOptions();
            block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new Yaml(block).dump(doc), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the station file " + file, e);
        }
    }

    /**
     * The station file's uplink pointed at the rig's broker (plain TCP on loopback unless the rig
     * names an ssl:// broker), its state under the work directory and this run's central keys.
     */
    private static UplinkSettings uplink(StationConfig station, RigFile rigFile, String brokerUrl, Path workDir,
                                         CentralKeys keys) {
        UplinkSettings base = station.uplink().orElseThrow(() -> new IllegalStateException(rigFile.station()
                + " has no uplink section: the rig needs one to connect the station to central"));
        boolean tls = brokerUrl.startsWith("ssl://");
        return base.withBroker(brokerUrl, !tls, tls ? base.tls() : Optional.empty())
                .withStateDir(workDir.resolve("state"))
                .withCommands(keys.security());
    }

    /** Central's command keys for this run. */
    public CentralKeys keys() {
        return keys;
    }

    /**
     * Stops the agent (as a clean shutdown), runs {@code whileDown}, and starts it again with the
     * same configuration and state directory; the rig keeps running.
     */
    public void restartAgent(Runnable whileDown) {
        StationRuntime old = agent;
        agent = null;
        old.close();
        whileDown.run();
        agent = StationRuntime.start(agentConfig, clock);
        awaitRecovered();
    }

    /**
     * Waits for the agent's start-up recovery (the fleet holds launches until the journal and the
     * hardware are reconciled: about 15 s of station time after a start), so a scenario begins
     * with a station that acts on its commands.
     */
    private void awaitRecovered() {
        await("the agent's start-up recovery", Duration.ofSeconds(150).plus(realSlack(Duration.ofSeconds(5))),
                () -> agent.fleet().map(f -> f.view().held().isEmpty()).orElse(true));
    }

    static void closeAll(CentralView central, VirtualRig rig, SystemStationClock clock) {
        if (central != null) {
            central.close();
        }
        if (rig != null) {
            rig.close();
        }
        clock.close();
    }

    /**
     * The MQTT broker URL central's view uses; the agent dials the same one, or with a
     * {@link TlsLink} that broker's TLS listener (its uplink configuration names it).
     */
    public String brokerUrl() {
        return brokerUrl;
    }

    /** What central receives from this station. */
    public CentralView central() {
        return central;
    }

    public RigFile rigFile() {
        return rigFile;
    }

    public StationRuntime agent() {
        return agent;
    }

    public SystemStationClock clock() {
        return clock;
    }

    public Timeline timeline() {
        return timeline;
    }

    public Faults faults() {
        return faults;
    }

    /** The simulators, for what only a virtual rig can show (a simulated roof's exact position). */
    public VirtualRig rig() {
        return rig;
    }

    /** Skips the scenario, saying why, unless every device is simulated. */
    public void assumeVirtual() {
        Assumptions.assumeTrue(rigFile.allVirtual(),
                "this scenario injects faults only a virtual rig can make; rig " + rigFile.source() + " has physical "
                        + rigFile.physical().keySet());
    }

    /**
     * {@code real} of real time expressed in station time at this run's speed: the allowance an
     * upper bound needs for the part of a latency that does not scale with the clock (bytes
     * crossing a pty, a thread waking up, a GC pause). 50 ms of real time is 3 station seconds at
     * ×60 and nothing worth mentioning on a physical rig.
     */
    public Duration realSlack(Duration real) {
        return Duration.ofNanos((long) (real.toNanos() * clock.speed()));
    }

    /** {@link #realSlack(Duration)} of 50 ms. */
    public Duration realSlack() {
        return realSlack(Duration.ofMillis(50));
    }

    /**
     * Lets {@code stationTime} pass on the station clock (a patrol, a charge) while the rig and the
     * agent run; for waiting on a state use {@link #await} instead.
     */
    public void elapse(Duration stationTime) {
        long end = clock.nanoTime() + stationTime.toNanos();
        await("station time to pass", stationTime.plusSeconds(1), () -> clock.nanoTime() - end >= 0);
    }

    /**
     * Waits until {@code condition} holds, at most {@code stationTimeout} of station time (real
     * time is that divided by the clock's speed). Polls; never sleeps through the condition.
     *
     * @throws AssertionError naming {@code what}, the timeout and the health of every device
     */
    public Duration await(String what, Duration stationTimeout, BooleanSupplier condition) {
        long start = clock.nanoTime();
        long deadline = start + stationTimeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (clock.nanoTime() > deadline) {
                throw new AssertionError("not within " + stationTimeout.toSeconds() + " s of station time: " + what
                        + "\nhealth: " + agent.health() + "\ntimeline (last 150):\n" + timeline.tail(150));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        return Duration.ofNanos(clock.nanoTime() - start);
    }

    @Override
    public void close() {
        timeline.close();
        central.close();
        StationRuntime a = agent;
        if (a != null) {
            a.close();
        }
        rig.close();
        clock.close();
    }

    /** Faults on the rig: simulated devices take them all, physical ones none. */
    private record RigFaults(RigFile file, VirtualRig rig, java.util.function.Supplier<StationRuntime> agent) implements Faults {

        private SimNestController nest() {
            SimNestController n = rig.nest();
            if (n == null) {
                throw new UnsupportedOperationException("the nest controller is not simulated on rig " + file.source()
                        + "; this fault needs a virtual nest");
            }
            return n;
        }

        @Override
        public void unplug(String port) {
            cable(port).unplug();
        }

        @Override
        public void replug(String port) {
            try {
                cable(port).replug();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("replug " + port, e);
            }
        }

        @Override
        public void lineNoise(String port, double dropProbability, double corruptProbability) {
            cable(port).outboundFault(io.streetstation.bridge.link.ChunkFault.noise(dropProbability, corruptProbability,
                    new java.util.SplittableRandom(file.seed() ^ port.hashCode())));
        }

        private io.streetstation.bridge.link.VirtualSerialCable cable(String port) {
            var c = rig.cables().get(port);
            if (c == null) {
                throw new UnsupportedOperationException("port " + port + " is not a virtual cable on rig " + file.source()
                        + (file.physical().containsKey(port) ? " (it is physical: pull it by hand)" : ""));
            }
            return c;
        }

        @Override
        public void roofBlocked(boolean blocked) {
            nest().roofBlocked(blocked);
        }

        @Override
        public void chargerFault(int bay, String why) {
            nest().chargerFault(bay, why);
        }

        @Override
        public void baySensorDisagreement(int bay, boolean disagree) {
            nest().baySensorDisagreement(bay, disagree);
        }

        @Override
        public void estop(boolean pressed) {
            nest().estop(pressed);
        }

        @Override
        public void boardEStop(boolean pressed) {
            boardPin("estop", pressed, "press the E-stop by hand");
        }

        @Override
        public void backupRain(boolean wet) {
            boardPin("rain-backup", wet, "wet the backup rain sensor by hand");
        }

        @Override
        public void door(String name, boolean open) {
            boardPin("door-" + name, open, "open the door by hand");
        }

        private void boardPin(String input, boolean active, String byHand) {
            agent.get().pins().mockDriver().orElseThrow(() -> new UnsupportedOperationException("the board's pins are "
                    + agent.get().pins().provider() + " on rig " + file.source() + ": " + byHand))
                    .drive(input, active);
        }

        @Override
        public void rain(double mmPerHour, Duration duration) {
            nest().rain(mmPerHour, duration);
        }

        @Override
        public void wind(double sustained, double gust, Duration duration) {
            nest().wind(sustained, gust, duration);
        }

        private io.streetstation.hil.rig.SimCopter copter(int bay) {
            try {
                return rig.copter(bay);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedOperationException("the drone of bay " + bay + " is not simulated on rig "
                        + file.source(), e);
            }
        }

        @Override
        public void gpsLoss(int bay, boolean lost) {
            copter(bay).gpsLost(lost);
        }

        @Override
        public void batterySag(int bay, double points) {
            copter(bay).batterySag(points);
        }

        @Override
        public void landingMiss(int bay, int times) {
            copter(bay).landingMisses(times);
        }

        @Override
        public void roverObstacle(boolean blocked) {
            if (rig.rover() == null) {
                throw new UnsupportedOperationException("the rover is not simulated on rig " + file.source());
            }
            rig.rover().obstacle(blocked);
        }

        @Override
        public void rackLockFault(int slot, String why) {
            if (rig.rack() == null) {
                throw new UnsupportedOperationException("the rack is not simulated on rig " + file.source());
            }
            rig.rack().lockFault(slot, why);
        }
    }
}

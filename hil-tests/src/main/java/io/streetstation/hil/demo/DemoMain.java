package io.streetstation.hil.demo;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameBusMonitor;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.bridge.frame.EndpointStatistics;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.device.VehicleTelemetry;
import io.streetstation.agent.runtime.StationRuntime;
import io.streetstation.bridge.mavlink.MavlinkStatistics;
import io.streetstation.bridge.time.SystemStationClock;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.VirtualRig;
import io.streetstation.hil.scenario.Station;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hil-tests/demo}: the whole station on one machine. The virtual rig puts every device of
 * the station configuration on a real pseudo-terminal with a simulator behind it, the production
 * agent runtime opens them exactly as on the board, and a console view prints what the agent sees.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the virtual station with the production agent and shows what the agent sees.")
public final class DemoMain implements Callable<Integer> {

    @Option(names = "--rig", paramLabel = "FILE", defaultValue = "config/rig.virtual.yaml",
            description = "rig file: which devices are simulated and which are physical (default: ${DEFAULT-VALUE})")
    Path rigFile;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "run this much station time (e.g. 30m, 2h, 90s) on the accelerated clock, print a summary and exit; "
                    + "without it the demo runs in real time until Ctrl-C")
    String duration;

    @Option(names = "--speed", paramLabel = "X",
            description = "station seconds per real second (default: 1, or the rig file's speed with --duration)")
    Double speed;

    @Option(names = "--view-every", paramLabel = "SECONDS", defaultValue = "5",
            description = "print the console view every this many station seconds (default ${DEFAULT-VALUE})")
    int viewEvery;

    @Option(names = "--seed", paramLabel = "N",
            description = "simulation seed (default: the rig file's); the same seed gives the same station day")
    Long seed;

    @Option(names = "--weather", paramLabel = "calm|day",
            description = "calm, or a scripted day of wind and showers drawn from the seed (default: day)")
    RigFile.Weather weather;

    @Option(names = "--fault", paramLabel = "'<at> <fault>'",
            description = "inject a fault at a station time from the start, e.g. --fault '2h rain 8 30m' (repeatable; "
                    + "type 'help' at the running demo for the list; faults can also be typed there)")
    List<String> faults = new ArrayList<>();


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;
    private volatile java.time.Instant startedAt;
    private final List<String> injected = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Set when the summary starts: a view tick already under way must not print into it. */
    private volatile boolean finished;

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        io.streetstation.agent.runtime.Main.stopLogging();
        System.exit(exit);
    }

    /** The demo's command line, as {@code hil-tests/demo} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new DemoMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        Duration runFor = duration == null ? null : parseDuration(duration);
        List<FaultCommand.Scheduled> scheduled = new ArrayList<>();
        for (String f : faults) {
            try {
                scheduled.add(FaultCommand.Scheduled.parse(f));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--fault '" + f + "': " + e.getMessage());
            }
        }
        RigFile file = RigFile.load(rigFile);
        double x = speed != null ? speed : runFor != null ? file.speed() : 1;
        if (x != 1 && !file.allVirtual()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--speed: a rig with physical devices " + file.physical().keySet() + " runs in real time");
        }
        Path dir = Files.createTempDirectory("station-rig-");
        RigFile chosen = file.withSpeed(x).withWeather(weather == null ? RigFile.Weather.DAY : weather);
        if (seed != null) {
            chosen = chosen.withSeed(seed);
        }
        EmbeddedBroker broker = chosen.embeddedBroker()
                ? EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker"))) : null;
        String brokerUrl = broker != null ? broker.url() : chosen.broker();
        Station running;
        try {
            running = Station.start(chosen, dir, brokerUrl);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        StationRuntime agent = running.agent();
        SystemStationClock clock = running.clock();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            shutdown(running, broker, dir);
            done.countDown();
            io.streetstation.agent.runtime.Main.stopLogging();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        VirtualRig rig = running.rig();
        StationConfig station = agent.config();

        out.printf(Locale.ROOT, "%nStation %s on rig %s (%s), clock x%.0f%n", station.stationId(), rigFile, rig.devicesRoot(), x);
        out.println("Devices are real pseudo-terminals; the agent opens them with jssc exactly as on the board:");
        rig.cables().values().stream().sorted(Comparator.comparing(c -> c.path().toString()))
                .forEach(c -> out.println("  " + c.path() + " -> " + c.devicePath()));
        java.net.URI mqtt = java.net.URI.create(brokerUrl);
        out.printf(Locale.ROOT, "Central's MQTT 5 broker: %s%s. Watch what central receives with%n"
                        + "  mosquitto_sub -V mqttv5 -h %s -p %d -t 'stations/#' -v%n",
                brokerUrl, broker != null ? " (embedded HiveMQ CE, this process only)" : "", mqtt.getHost(), mqtt.getPort());
        out.printf(Locale.ROOT, "Seed %d, weather %s.%n", chosen.seed(), chosen.weather().name().toLowerCase(Locale.ROOT));
        out.println(runFor == null ? "Ctrl-C stops everything.\n" : "Running " + duration + " of station time.\n");

        java.time.Instant start = clock.now();
        startedAt = start;
        if (!scheduled.isEmpty()) {
            // on its own thread: an unplug can take a while and must not hold up the simulators' timers
            List<FaultCommand.Scheduled> byTime = scheduled.stream()
                    .sorted(Comparator.comparing(FaultCommand.Scheduled::at)).toList();
            Thread.ofPlatform().daemon().name("demo-faults").start(() -> {
                for (FaultCommand.Scheduled f : byTime) {
                    while (clock.now().isBefore(start.plus(f.at()))) {
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    inject(running, f.command(), clock, hms(f.at()));
                }
            });
        }
        if (System.console() != null) {
            Thread.ofPlatform().daemon().name("demo-console").start(() -> console(running, clock));
            out.println("Type a fault (help lists them) and Enter to inject it.");
        }
        var viewTimer = clock.scheduleAtFixedRate(Duration.ofSeconds(viewEvery), Duration.ofSeconds(viewEvery),
                () -> view(agent, clock, running.central()));
        if (runFor != null) {
            long realMillis = (long) (runFor.toMillis() / x);
            if (done.await(realMillis, TimeUnit.MILLISECONDS)) {
                return 130;
            }
            viewTimer.cancel();
            boolean allOnline;
            synchronized (out) {
                finished = true;
                allOnline = summary(agent, running.central(), clock, Duration.between(start, clock.now()));
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown(running, broker, dir);
            if (!allOnline) {
                out.println("FAIL: not every device was online at the end");
            }
            return allOnline ? 0 : 1;
        }
        done.await();
        return 0;
    }

    private void inject(Station station, FaultCommand f, SystemStationClock clock, String at) {
        try {
            f.action().accept(station.faults());
            injected.add(at + " " + f.text());
            synchronized (out) {
                out.println(">> " + at + " fault injected: " + f.text());
            }
        } catch (RuntimeException e) {
            synchronized (out) {
                out.println(">> fault '" + f.text() + "' not injected: " + e.getMessage());
            }
        }
    }

    /** Fault commands typed at the console while the demo runs. */
    private void console(Station station, SystemStationClock clock) {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.trim().equals("help")) {
                    synchronized (out) {
                        out.println("faults:\n  " + String.join("\n  ", FaultCommand.USAGE));
                    }
                    continue;
                }
                try {
                    inject(station, FaultCommand.parse(line), clock, stamp(clock));
                } catch (IllegalArgumentException e) {
                    synchronized (out) {
                        out.println(">> " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            // stdin closed: no more console faults
        }
    }

    /** Station time since the demo started, hh:mm:ss (to the nearest second). */
    private String stamp(SystemStationClock clock) {
        return hms(Duration.between(startedAt, clock.now()).plusMillis(500));
    }

    private static String hms(Duration d) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    private void view(StationRuntime agent, SystemStationClock clock, CentralView central) {
        StringBuilder b = new StringBuilder();
        b.append("── ").append(DateTimeFormatter.ISO_LOCAL_TIME.format(clock.now().atZone(java.time.ZoneOffset.UTC)).substring(0, 8))
                .append(" station time ─────────────────────────────────────────\n");
        for (FrameDeviceMonitor d : agent.frameDevices()) {
            DeviceHealth h = d.health();
            b.append(String.format(Locale.ROOT, "  %-8s %-7s %s%n", h.device(), h.status(),
                    h.status() == DeviceHealth.Status.ONLINE ? d.summary() : "(" + h.detail() + ")"));
        }
        for (VehicleMonitor v : agent.vehicles()) {
            b.append("  ").append(line(v.health(), v.telemetry())).append('\n');
        }
        b.append("  ").append(central.summary()).append('\n');
        synchronized (out) {
            if (!finished) {
                out.print(b);
                out.flush();
            }
        }
    }

    static String line(DeviceHealth h, VehicleTelemetry t) {
        return String.format(Locale.ROOT, "%-8s %-7s %-10s %-8s bat %5s  %s  (%s)", h.device(), h.status(),
                t.mode() == null ? "-" : t.mode(), t.armed() ? "ARMED" : "disarmed",
                Double.isNaN(t.batteryPercent()) ? "-" : String.format(Locale.ROOT, "%.0f%%", t.batteryPercent()),
                Double.isNaN(t.lat()) ? "no position" : String.format(Locale.ROOT, "%.6f,%.6f", t.lat(), t.lon()),
                h.detail());
    }

    /** Prints a line per device; true when every device is online. */
    private boolean summary(StationRuntime agent, CentralView central, SystemStationClock clock, Duration ran) {
        boolean allOnline = true;
        out.printf(Locale.ROOT, "%nSummary after %s of station time%n", human(ran));
        for (FrameBusMonitor bus : agent.buses()) {
            EndpointStatistics s = bus.endpoint().statistics();
            for (FrameDeviceMonitor d : bus.devices()) {
                DeviceHealth h = d.health();
                String captures = d.capturesVerified() + d.capturesFailed() == 0 ? "" : String.format(Locale.ROOT,
                        ", captures verified %d, failed %d", d.capturesVerified(), d.capturesFailed());
                out.printf(Locale.ROOT, "DEVICE %-8s %-7s on bus %s (%s)%s%n", h.device(), h.status(), bus.name(),
                        h.detail(), captures);
                allOnline &= h.status() == DeviceHealth.Status.ONLINE && d.capturesFailed() == 0;
            }
            out.printf(Locale.ROOT, "BUS    %-8s frames delivered %d, acks sent %d, naks sent %d, duplicates %d, "
                            + "bad frames %d%n", bus.name(), s.delivered(), s.acksSent(), s.naksSent(), s.duplicates(),
                    bus.endpoint().frameErrors().total());
        }
        for (VehicleMonitor v : agent.vehicles()) {
            DeviceHealth h = v.health();
            MavlinkStatistics s = v.endpoint().statistics();
            out.printf(Locale.ROOT, "DEVICE %-8s %-7s frames in %d (decoded %d, filtered %d), out %d, crc errors %d, "
                            + "signing rejects %d (bad %d, replayed %d, stale %d, unsigned %d), lost %d%n", h.device(), h.status(),
                    s.framesIn(), s.decoded(), s.filtered(), s.framesOut(), s.crcErrors(), s.signingRejects(), s.badSignatures(),
                    s.replayed(), s.staleTimestamps(), s.unsignedRejected(), s.lostPackets());
            allOnline &= h.status() == DeviceHealth.Status.ONLINE;
        }
        Map<String, Long> topics = central.counts();
        if (topics.isEmpty()) {
            out.printf(Locale.ROOT, "TOPIC  (none)   central received nothing on stations/%s/# (connected: %s)%n",
                    agent.config().stationId(), central.connected());
        }
        topics.forEach((k, v) -> out.printf(Locale.ROOT, "TOPIC  %-8s %d messages%n", k, v));
        injected.forEach(f -> out.println("FAULT  " + f));
        double load = clock.timerLoad();
        out.printf(Locale.ROOT, "CLOCK  x%.0f, timer thread load %.0f %%, %d timer task(s) over 50 ms%s%n", clock.speed(),
                load * 100, clock.slowTasks(),
                load > 0.9 ? " (saturated: the simulation fell behind the clock; use a lower --speed)" : "");
        return allOnline;
    }

    private static void shutdown(Station station, EmbeddedBroker broker, Path dir) {
        station.close();
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    static Duration parseDuration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(s.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(new CommandLine(new DemoMain()),
                    "--duration: '" + s + "' is not a duration like 90s, 30m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String human(Duration d) {
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}

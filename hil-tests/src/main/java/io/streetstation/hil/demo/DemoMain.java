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
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.VirtualRig;
import io.streetstation.hil.scenario.Station;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
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


    private final PrintStream out = System.out;
    /** Set when the summary starts: a view tick already under way must not print into it. */
    private volatile boolean finished;

    public static void main(String[] args) {
        int exit = new CommandLine(new DemoMain()).execute(args);
        io.streetstation.agent.runtime.Main.stopLogging();
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        Duration runFor = duration == null ? null : parseDuration(duration);
        RigFile file = RigFile.load(rigFile);
        double x = speed != null ? speed : runFor != null ? file.speed() : 1;
        if (x != 1 && !file.allVirtual()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--speed: a rig with physical devices " + file.physical().keySet() + " runs in real time");
        }
        Path dir = Files.createTempDirectory("station-rig-");
        RigFile chosen = new RigFile(file.source(), file.station(), x, file.seed(), file.gpio(), file.signingKey(),
                file.physical());
        Station running = Station.start(chosen, dir);
        StationRuntime agent = running.agent();
        SystemStationClock clock = running.clock();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            shutdown(running, dir);
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
        out.println(runFor == null ? "Ctrl-C stops everything.\n" : "Running " + duration + " of station time.\n");

        java.time.Instant start = clock.now();
        var viewTimer = clock.scheduleAtFixedRate(Duration.ofSeconds(viewEvery), Duration.ofSeconds(viewEvery),
                () -> view(agent, clock));
        if (runFor != null) {
            long realMillis = (long) (runFor.toMillis() / x);
            if (done.await(realMillis, TimeUnit.MILLISECONDS)) {
                return 130;
            }
            viewTimer.cancel();
            boolean allOnline;
            synchronized (out) {
                finished = true;
                allOnline = summary(agent, Duration.between(start, clock.now()));
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown(running, dir);
            if (!allOnline) {
                out.println("FAIL: not every device was online at the end");
            }
            return allOnline ? 0 : 1;
        }
        done.await();
        return 0;
    }

    private void view(StationRuntime agent, SystemStationClock clock) {
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
    private boolean summary(StationRuntime agent, Duration ran) {
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
                            + "signing rejects %d, lost %d%n", h.device(), h.status(), s.framesIn(), s.decoded(), s.filtered(),
                    s.framesOut(), s.crcErrors(), s.signingRejects(), s.lostPackets());
            allOnline &= h.status() == DeviceHealth.Status.ONLINE;
        }
        return allOnline;
    }

    private static void shutdown(Station station, Path dir) {
        station.close();
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

package io.streetstation.hil.rig;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.bridge.link.VirtualSerialCable;
import io.streetstation.bridge.time.StationClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.time.Duration;
import io.streetstation.hil.rig.model.WeatherModel;

/**
 * The virtual station: for every device the station configuration names, a virtual serial cable
 * (a real pseudo-terminal pair) whose stable path sits under {@link #devicesRoot()} with the same
 * file name the configuration uses under {@code /dev/station}, and a simulator on its far end.
 * The agent runs unchanged against it with {@code --devices-root} pointing here.
 *
 * <p>A station-frame bus is one cable shared by its devices ({@link MultiDropBus}); today the rig
 * simulates the nest controller, the rack and fixed cameras on it, and the vehicles parked.
 */
public final class VirtualRig implements AutoCloseable {

    private final Path devicesRoot;
    private final Path signingKeyFile;
    private final Map<String, VirtualSerialCable> cables = new LinkedHashMap<>();
    private SimRover rover;
    private final Map<Integer, SimCopter> copters = new LinkedHashMap<>();
    private final List<SimCamera> cameras = new ArrayList<>();
    private final Map<String, Double> battery = new LinkedHashMap<>();
    private SimNestController nest;
    private SimRack rack;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private VirtualRig(Path devicesRoot, Path signingKeyFile) {
        this.devicesRoot = devicesRoot;
        this.signingKeyFile = signingKeyFile;
    }

    /** Builds an all-virtual rig for {@code station} in {@code dir}, on {@code clock}. */
    public static VirtualRig start(StationConfig station, StationClock clock, Path dir, RigOptions options) {
        return start(station, clock, dir, options, Map.of());
    }

    /**
     * Builds the rig: every port the station configuration names gets a virtual cable and a
     * simulator in {@code dir}, except those in {@code physical}, which are linked there to the
     * real device instead.
     *
     * @param physical port name (as under /dev/station) → real device path
     */
    public static VirtualRig start(StationConfig station, StationClock clock, Path dir, RigOptions options,
                                   Map<String, Path> physical) {
        Random random = new Random(options.seed());
        byte[] key = null;
        Path keyFile = null;
        try {
            Files.createDirectories(dir);
            if (options.signed()) {
                key = new byte[32];
                random.nextBytes(key);
                keyFile = dir.resolve("mavlink-signing.key");
                Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n");
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rig: cannot prepare " + dir, e);
        }
        VirtualRig rig = new VirtualRig(dir, keyFile);
        // one battery level per drone, seen the same by its bay's charger and by its own autopilot
        for (StationConfig.Vehicle v : station.vehicles()) {
            rig.battery.put(v.name(), 60 + 40 * random.nextDouble());
        }
        try {
            for (Map.Entry<String, Path> e : physical.entrySet()) {
                Path link = dir.resolve(e.getKey());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, e.getValue());
            }
            for (StationConfig.FrameBus b : station.buses()) {
                if (physical.containsKey(portName(b.port().path()))) {
                    continue;
                }
                MultiDropBus bus = new MultiDropBus(rig.cable(b.port().path(), clock).deviceEnd());
                for (StationConfig.FrameDevice d : b.devices()) {
                    rig.frameDevice(d, bus.attach(d.name()), station, clock, options, random);
                }
            }
            for (StationConfig.Vehicle v : station.vehicles()) {
                if (physical.containsKey(portName(v.port().path()))) {
                    continue;
                }
                VirtualSerialCable cable = rig.cable(v.port().path(), clock);
                double north = v.kind() == StationConfig.VehicleKind.COPTER ? 1.5 * (v.bay() - 2.5) : -8;
                double lat = options.lat() + north / 111_320.0;
                if (v.kind() == StationConfig.VehicleKind.COPTER) {
                    SimNestController nest = rig.nest;
                    int bay = v.bay();
                    double level = rig.battery.get(v.name());
                    SimCopter[] self = new SimCopter[1];
                    SimCopter copter = new SimCopter(v.name(), cable.deviceEnd(), v.systemId(), lat, options.lon(), level,
                            options.timings(), SimCopter.Params.forSpeed(station.clockSpeed()), clock, key,
                            // lock-free reads: the copter asks under its own lock (see SimNestController.roofOpenNow)
                            () -> nest == null || nest.roofOpenNow(),
                            () -> nest == null ? 0 : nest.windNow(),
                            // told under the copter's lock: hand over to the clock thread, never call the nest from
                            // here — the nest calls copters (power, charge) under its own lock, and two simulators
                            // taking each other's locks in opposite orders deadlock (seen as a bay command that
                            // never got its ACK)
                            onBay -> {
                                if (nest != null) {
                                    clock.schedule(java.time.Duration.ZERO, () -> {
                                        if (self[0] != null) {
                                            nest.dronePresent(bay, onBay, self[0].batteryPercent());
                                        }
                                    });
                                }
                            }, options.seed() * 31 + v.systemId());
                    self[0] = copter;
                    rig.copters.put(bay, copter);
                    rig.started.push(copter);
                } else {
                    SimRover rover = new SimRover(v.name(), cable.deviceEnd(), v.systemId(), lat, options.lon(),
                            rig.battery.get(v.name()), options.timings(), clock, key);
                    rig.rover = rover;
                    rig.started.push(rover);
                }
            }
            if (rig.nest != null) {
                rig.nest.onDronePower((bay, on) -> {
                    SimCopter c = rig.copters.get(bay);
                    if (c != null) {
                        c.power(on);
                    }
                });
                rig.nest.onCharge((bay, percent) -> {
                    SimCopter c = rig.copters.get(bay);
                    if (c != null) {
                        c.charged(percent);
                    }
                });
            }
        } catch (IOException e) {
            rig.close();
            throw new UncheckedIOException("rig: cannot link a physical device into " + dir, e);
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    /** The port's name under /dev/station: the file name of its configured path. */
    static String portName(String configuredPath) {
        return Path.of(configuredPath).getFileName().toString();
    }

    /** The simulator for a bus device, chosen by its configured name: nest, rack, camera-N. */
    private void frameDevice(StationConfig.FrameDevice d, io.streetstation.bridge.link.Link tap, StationConfig station,
                             StationClock clock, RigOptions options, Random random) {
        long bootId = 1 + random.nextInt(Integer.MAX_VALUE);
        if (d.name().equals("nest")) {
            double[] batteries = new double[SimNestController.BAYS];
            java.util.Arrays.fill(batteries, -1);
            for (StationConfig.Vehicle v : station.vehicles()) {
                if (v.bay() > 0) {
                    batteries[v.bay() - 1] = battery.get(v.name());
                }
            }
            nest = new SimNestController(tap, clock, options.timings(), options.weather() == RigFile.Weather.DAY ? WeatherModel.day(options.seed()) : WeatherModel.calm(options.seed()), batteries, bootId);
            started.push(nest);
        } else if (d.name().equals("rack")) {
            double[] packs = {30 + 70 * random.nextDouble(), 30 + 70 * random.nextDouble(), 0, 30 + 70 * random.nextDouble()};
            rack = new SimRack(tap, clock, new String[] {"PBV-0101", "PBV-0102", null, "PBV-0104"}, packs, bootId);
            battery.put("PBV-0101", packs[0]);
            battery.put("PBV-0102", packs[1]);
            battery.put("PBV-0104", packs[3]);
            started.push(rack);
        } else if (d.name().startsWith("camera")) {
            SimCamera cam = new SimCamera(tap, d.address(), clock, options.captureEvery(), options.seed() + d.address());
            cameras.add(cam);
            started.push(cam);
        } else {
            throw new IllegalArgumentException("rig: no simulator for bus device '" + d.name()
                    + "' (known: nest, rack, camera-N)");
        }
    }

    private VirtualSerialCable cable(String configuredPath, StationClock clock) {
        String name = portName(configuredPath);
        return cables.computeIfAbsent(name, n -> {
            try {
                VirtualSerialCable c = VirtualSerialCable.plugIn(n, devicesRoot, clock);
                started.push(c);
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException("rig: cannot plug in cable " + n, e);
            }
        });
    }

    /** Where the agent's {@code /dev/station} paths point. */
    public Path devicesRoot() {
        return devicesRoot;
    }

    /** The signing key the simulated vehicles use, for the agent's {@code --signing-key}. */
    public Optional<Path> signingKeyFile() {
        return Optional.ofNullable(signingKeyFile);
    }

    public Map<String, VirtualSerialCable> cables() {
        return Map.copyOf(cables);
    }

    /** The simulated patrol robot, or null if the configuration has none. */
    public SimRover rover() {
        return rover;
    }

    /** The simulated copter living in {@code bay}, 1..4. */
    public SimCopter copter(int bay) {
        SimCopter c = copters.get(bay);
        if (c == null) {
            throw new IllegalArgumentException("no simulated copter in bay " + bay + " (bays: " + copters.keySet() + ")");
        }
        return c;
    }

    /** The simulated nest controller, for fault injection; null if the configuration has none. */
    public SimNestController nest() {
        return nest;
    }

    public SimRack rack() {
        return rack;
    }

    /** The battery level every drone, the rover and every balance vehicle started with (seeded). */
    public Map<String, Double> initialBatteries() {
        return Map.copyOf(battery);
    }

    public List<SimCamera> cameras() {
        return List.copyOf(cameras);
    }

    /** The station configuration pointed at this rig: its devices, its key, mock pins. */
    public StationConfig configure(StationConfig station) {
        StationConfig c = new StationConfig(station.stationId(), station.stationName(), station.clockSpeed(),
                station.serial(), station.buses(), station.mavlink(), station.vehicles(), station.gpio(), devicesRoot,
                station.uplink(), station.operations())
                .withGpioProvider(io.streetstation.bridge.gpio.GpioProvider.MOCK);
        return signingKeyFile == null ? c : c.withSigningKey(signingKeyFile);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                org.tinylog.Logger.tag("rig").warn("closing: {}", e.toString());
            }
        }
    }
}

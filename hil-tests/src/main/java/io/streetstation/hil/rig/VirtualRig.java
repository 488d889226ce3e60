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

/**
 * The virtual station: for every device the station configuration names, a virtual serial cable
 * (a real pseudo-terminal pair) whose stable path sits under {@link #devicesRoot()} with the same
 * file name the configuration uses under {@code /dev/station}, and a simulator on its far end.
 * The agent runs unchanged against it with {@code --devices-root} pointing here.
 *
 * <p>Today it simulates the vehicles (drones and rover, parked); the nest controller, rack and
 * cameras join with the station frame protocol's simulators.
 */
public final class VirtualRig implements AutoCloseable {

    private final Path devicesRoot;
    private final Path signingKeyFile;
    private final Map<String, VirtualSerialCable> cables = new LinkedHashMap<>();
    private final List<SimVehicle> vehicles = new ArrayList<>();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private VirtualRig(Path devicesRoot, Path signingKeyFile) {
        this.devicesRoot = devicesRoot;
        this.signingKeyFile = signingKeyFile;
    }

    /** Builds the rig for {@code station} in {@code dir}, on {@code clock}. */
    public static VirtualRig start(StationConfig station, StationClock clock, Path dir, RigOptions options) {
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
        try {
            int n = 0;
            for (StationConfig.Vehicle v : station.vehicles()) {
                VirtualSerialCable cable = rig.cable(v.port().path(), clock);
                double north = v.kind() == StationConfig.VehicleKind.COPTER ? 1.5 * (v.bay() - 2.5) : -8;
                SimVehicle sim = new SimVehicle(v.name(),
                        v.kind() == StationConfig.VehicleKind.COPTER ? SimVehicle.Kind.COPTER : SimVehicle.Kind.ROVER,
                        cable.deviceEnd(), v.systemId(), options.lat() + north / 111_320.0, options.lon(),
                        60 + 40 * random.nextDouble(), options.timings(), clock, key);
                rig.vehicles.add(sim);
                rig.started.push(sim);
                n++;
            }
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    private VirtualSerialCable cable(String configuredPath, StationClock clock) {
        String name = Path.of(configuredPath).getFileName().toString();
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

    public List<SimVehicle> vehicles() {
        return List.copyOf(vehicles);
    }

    /** The station configuration pointed at this rig: its devices, its key, mock pins. */
    public StationConfig configure(StationConfig station) {
        StationConfig c = new StationConfig(station.stationId(), station.stationName(), station.clockSpeed(),
                station.serial(), station.buses(), station.mavlink(), station.vehicles(), station.gpio(), devicesRoot)
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

package io.streetstation.agent.config;

import io.streetstation.bridge.gpio.GpioConfig;
import io.streetstation.bridge.gpio.GpioProvider;
import io.streetstation.bridge.gpio.InputPinConfig;
import io.streetstation.bridge.gpio.OutputPinConfig;
import io.streetstation.bridge.gpio.Polarity;
import io.streetstation.bridge.gpio.Pull;
import io.streetstation.bridge.link.SerialConfig;
import io.streetstation.bridge.mavlink.MessageCatalog;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code station.yaml} into a {@link StationConfig}. Strict: unknown keys, values out of
 * range, duplicate ids and clashing addresses are errors that name the key path, so a technician
 * sees what to fix before anything is opened.
 */
public final class StationConfigLoader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final MessageCatalog MAVLINK_MESSAGES = new MessageCatalog(new ArdupilotmegaDialect());

    private StationConfigLoader() {
    }

    public static StationConfig load(Path file, Path devicesRoot) {
        try (Reader r = Files.newBufferedReader(file)) {
            return parse(r, file.toString(), devicesRoot);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static StationConfig parse(Reader yaml, String source, Path devicesRoot) {
        ConfigNode root = ConfigNode.parse(yaml, source);
        StationConfig config = read(root, devicesRoot);
        root.finish();
        return config;
    }

    private static StationConfig read(ConfigNode root, Path devicesRoot) {
        ConfigNode station = root.node("station");
        String id = station.matching("id", ID, "a station id ([a-z0-9-], 3..64 characters)");
        String name = station.string("name", id);

        double speed = root.nodeOrEmpty("clock").decimal("speed", 1, 10_000, 1);

        ConfigNode serialNode = root.nodeOrEmpty("serial");
        StationConfig.SerialSettings serial = new StationConfig.SerialSettings(
                serialNode.has("native-dir") ? Optional.of(Path.of(serialNode.string("native-dir"))) : Optional.empty(),
                serialNode.bool("exclusive", true));

        List<StationConfig.FrameBus> buses = buses(root.nodeOrEmpty("buses"));
        StationConfig.MavlinkSettings mavlink = mavlink(root.nodeOrEmpty("mavlink"));
        List<StationConfig.Vehicle> vehicles = vehicles(root.nodeOrEmpty("vehicles"));
        GpioConfig gpio = gpio(root.node("gpio"));

        Set<String> names = new HashSet<>();
        for (StationConfig.FrameBus b : buses) {
            for (StationConfig.FrameDevice d : b.devices()) {
                unique(names, d.name(), "buses." + b.name() + ".devices." + d.name());
            }
        }
        Set<Integer> sysIds = new HashSet<>(List.of(mavlink.systemId()));
        for (StationConfig.Vehicle v : vehicles) {
            unique(names, v.name(), "vehicles." + v.name());
            if (!sysIds.add(v.systemId())) {
                throw new ConfigException("vehicles." + v.name() + ".system-id: " + v.systemId()
                        + " is already used (by the agent or another vehicle)");
            }
        }
        Optional<UplinkSettings> uplink = root.has("uplink") ? Optional.of(UplinkConfigReader.read(root.node("uplink")))
                : Optional.empty();
        OperationsSettings operations = OperationsConfigReader.read(root.nodeOrEmpty("operations"));
        return new StationConfig(id, name, speed, serial, buses, mavlink, vehicles, gpio, devicesRoot, uplink, operations);
    }

    private static void unique(Set<String> names, String name, String path) {
        if (!names.add(name)) {
            throw new ConfigException(path + ": device name '" + name + "' is used twice");
        }
    }

    private static StationConfig.Port port(ConfigNode n, int defaultBaud) {
        String path = n.string("port");
        if (!path.startsWith("/")) {
            throw new ConfigException(n.path() + ".port: must be an absolute path, was '" + path + "'");
        }
        int baud = (int) n.integer("baud", 1, 4_000_000, defaultBaud);
        SerialConfig.BaudRate rate = SerialConfig.BaudRate.of(baud).orElseThrow(() -> new ConfigException(
                n.path() + ".baud: " + baud + " is not a supported rate "
                        + java.util.Arrays.stream(SerialConfig.BaudRate.values()).map(SerialConfig.BaudRate::bitsPerSecond).toList()));
        return new StationConfig.Port(path, rate);
    }

    private static List<StationConfig.FrameBus> buses(ConfigNode buses) {
        List<StationConfig.FrameBus> out = new ArrayList<>();
        for (String busName : List.copyOf(buses.keys())) {
            checkName(buses, busName);
            ConfigNode bus = buses.node(busName);
            StationConfig.Port port = port(bus, 115_200);
            ConfigNode devs = bus.node("devices");
            List<StationConfig.FrameDevice> devices = new ArrayList<>();
            Set<Long> addresses = new HashSet<>();
            for (String dev : List.copyOf(devs.keys())) {
                checkName(devs, dev);
                long addr = devs.integer(dev, 0x02, 0xFE);
                if (!addresses.add(addr)) {
                    throw new ConfigException(devs.path() + "." + dev + ": address 0x" + Long.toHexString(addr) + " is used twice on this bus");
                }
                devices.add(new StationConfig.FrameDevice(dev, (int) addr));
            }
            out.add(new StationConfig.FrameBus(busName, port, devices));
        }
        return out;
    }

    private static StationConfig.MavlinkSettings mavlink(ConfigNode m) {
        int sys = (int) m.integer("system-id", 1, 255, 255);
        int comp = (int) m.integer("component-id", 1, 255, 190);
        Duration hb = m.duration("heartbeat", Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(1));
        Duration lost = m.duration("link-lost-after", Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(3));
        ConfigNode signing = m.nodeOrEmpty("signing");
        Optional<Path> key = signing.has("key-file") ? Optional.of(Path.of(signing.string("key-file"))) : Optional.empty();
        List<String> unsigned = signing.strings("accept-unsigned");
        for (String name : unsigned) {
            if (MAVLINK_MESSAGES.id(name) < 0) {
                throw new ConfigException(signing.path() + ".accept-unsigned: '" + name + "' is not a MAVLink message name");
            }
        }
        return new StationConfig.MavlinkSettings(sys, comp, hb, lost, key, unsigned);
    }

    private static List<StationConfig.Vehicle> vehicles(ConfigNode vs) {
        List<StationConfig.Vehicle> out = new ArrayList<>();
        Set<Integer> bays = new HashSet<>();
        for (String name : List.copyOf(vs.keys())) {
            checkName(vs, name);
            ConfigNode v = vs.node(name);
            StationConfig.VehicleKind kind = v.choice("kind", StationConfig.VehicleKind.class);
            int bay = kind == StationConfig.VehicleKind.COPTER ? (int) v.integer("bay", 1, 4) : 0;
            if (bay != 0 && !bays.add(bay)) {
                throw new ConfigException(v.path() + ".bay: bay " + bay + " already holds another drone");
            }
            StationConfig.Port port = port(v, 57_600);
            int sys = (int) v.integer("system-id", 1, 254);
            out.add(new StationConfig.Vehicle(name, kind, bay, port, sys));
        }
        return out;
    }

    private static GpioConfig gpio(ConfigNode g) {
        GpioProvider provider = g.choice("provider", GpioProvider.class);
        List<InputPinConfig> inputs = new ArrayList<>();
        ConfigNode ins = g.nodeOrEmpty("inputs");
        for (String id : List.copyOf(ins.keys())) {
            ConfigNode p = ins.node(id);
            inputs.add(wrap(p, () -> new InputPinConfig(id, (int) p.integer("bcm", 0, 27),
                    p.choice("polarity", Polarity.class, Polarity.ACTIVE_HIGH), p.choice("pull", Pull.class, Pull.NONE),
                    p.duration("debounce", Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(20)))));
        }
        List<OutputPinConfig> outputs = new ArrayList<>();
        ConfigNode outs = g.nodeOrEmpty("outputs");
        for (String id : List.copyOf(outs.keys())) {
            ConfigNode p = outs.node(id);
            outputs.add(wrap(p, () -> new OutputPinConfig(id, (int) p.integer("bcm", 0, 27),
                    p.choice("polarity", Polarity.class, Polarity.ACTIVE_HIGH),
                    onOff(p, "initial"), onOff(p, "shutdown"))));
        }
        return wrap(g, () -> new GpioConfig(provider, inputs, outputs));
    }

    /** {@code on}/{@code off}; YAML 1.1 already reads those as booleans, plain strings are accepted too. */
    private static boolean onOff(ConfigNode p, String key) {
        if (!p.has(key)) {
            return false;
        }
        String s = p.string(key);
        return switch (s) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new ConfigException(p.path() + "." + key + ": must be on or off, was '" + s + "'");
        };
    }

    private static void checkName(ConfigNode parent, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException((parent.path().isEmpty() ? "" : parent.path() + ".") + name
                    + ": name must match " + NAME.pattern());
        }
    }

    private static <T> T wrap(ConfigNode at, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(at.path() + ": " + e.getMessage(), e);
        }
    }
}

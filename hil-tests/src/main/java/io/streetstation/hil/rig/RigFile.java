package io.streetstation.hil.rig;

import io.streetstation.agent.config.ConfigException;
import io.streetstation.agent.config.ConfigNode;
import io.streetstation.bridge.gpio.GpioProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which rig the hardware-in-the-loop scenarios and the demo run against — the one file that
 * differs between CI (everything simulated) and a bench with real devices.
 *
 * <pre>
 * station: station.example.yaml          # the agent's station configuration, unchanged
 * clock: { speed: 60 }                   # station seconds per real second; 1 when any device is physical
 * seed: 1                                # simulation seed: the same seed, the same station day
 * gpio: mock                             # mock (simulated pins) or gpiod (the bench board's pins)
 * signing-key: generate                  # generate (the rig's simulators share it) or a key file path
 * weather: calm                          # calm (scenarios) or day (a scripted 24 h day drawn from the seed)
 * broker: embedded                       # embedded (an in-process MQTT 5 broker) or central's broker URL
 * cameras: { capture-every: 20s }        # how often each simulated fixed camera captures someone
 * devices:                               # port name (under /dev/station) → virtual or a physical port
 *   rs485: virtual
 *   drone-1: /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0
 * </pre>
 *
 * Ports the station configuration names but {@code devices} does not list are virtual.
 *
 * @param source the rig file itself (relative paths in it are resolved against its directory)
 * @param station the station configuration file
 * @param speed clock speed
 * @param seed simulation seed
 * @param gpio GPIO provider for the agent
 * @param signingKey a key file, or empty to have the rig generate one for its simulators
 * @param physical port name → physical device path, for the ports that are not simulated
 * @param weather the simulated weather
 * @param broker {@link #EMBEDDED} or an MQTT URL ({@code tcp://host:port}, {@code ssl://host:port})
 * @param captureEvery each simulated fixed camera captures a person or a vehicle this often
 */
public record RigFile(Path source, Path station, double speed, long seed, GpioProvider gpio, Optional<Path> signingKey,
                      Map<String, Path> physical, Weather weather, String broker, Duration captureEvery) {

    public static final Duration DEFAULT_CAPTURE_EVERY = Duration.ofSeconds(20);

    public static final String EMBEDDED = "embedded";

    /** The simulated weather: calm and dry, or a scripted day (wind, gusts, showers) drawn from the seed. */
    public enum Weather { CALM, DAY }

    public RigFile {
        physical = Map.copyOf(physical);
    }

    /** Everything simulated, calm, embedded broker. */
    public static RigFile virtual(Path station, double speed, long seed) {
        return new RigFile(station, station, speed, seed, GpioProvider.MOCK, Optional.empty(), Map.of(), Weather.CALM,
                EMBEDDED, DEFAULT_CAPTURE_EVERY);
    }

    public RigFile withSpeed(double newSpeed) {
        return new RigFile(source, station, newSpeed, seed, gpio, signingKey, physical, weather, broker, captureEvery);
    }

    public RigFile withSeed(long newSeed) {
        return new RigFile(source, station, speed, newSeed, gpio, signingKey, physical, weather, broker, captureEvery);
    }

    public RigFile withWeather(Weather newWeather) {
        return new RigFile(source, station, speed, seed, gpio, signingKey, physical, newWeather, broker, captureEvery);
    }

    public boolean embeddedBroker() {
        return broker.equals(EMBEDDED);
    }

    public boolean isVirtual(String port) {
        return !physical.containsKey(port);
    }

    public boolean allVirtual() {
        return physical.isEmpty();
    }

    public static RigFile load(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            return parse(r, file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static RigFile parse(Reader yaml, Path file) {
        ConfigNode root = ConfigNode.parse(yaml, file.toString());
        Path dir = file.toAbsolutePath().getParent();
        Path station = dir.resolve(root.string("station")).normalize();
        double speed = root.nodeOrEmpty("clock").decimal("speed", 1, 1000, 1);
        long seed = root.integer("seed", 0, Long.MAX_VALUE, 1);
        GpioProvider gpio = root.choice("gpio", GpioProvider.class, GpioProvider.MOCK);
        String key = root.string("signing-key", "generate");
        Optional<Path> signingKey = key.equals("generate") ? Optional.empty() : Optional.of(dir.resolve(key));
        Weather weather = root.choice("weather", Weather.class, Weather.CALM);
        String broker = root.string("broker", EMBEDDED);
        if (!broker.equals(EMBEDDED) && !broker.matches("(tcp|ssl)://[^/\\s]+:\\d+")) {
            throw new ConfigException("broker: must be 'embedded' or tcp://host:port / ssl://host:port, was '" + broker + "'");
        }
        Duration captureEvery = root.nodeOrEmpty("cameras").duration("capture-every", Duration.ofSeconds(1),
                Duration.ofHours(1), DEFAULT_CAPTURE_EVERY);
        Map<String, Path> physical = new LinkedHashMap<>();
        ConfigNode devices = root.nodeOrEmpty("devices");
        for (String port : java.util.List.copyOf(devices.keys())) {
            String where = devices.string(port);
            if (where.equals("virtual")) {
                continue;
            }
            if (!where.startsWith("/")) {
                throw new ConfigException("devices." + port + ": must be 'virtual' or an absolute device path, was '" + where + "'");
            }
            physical.put(port, Path.of(where));
        }
        root.finish();
        if (!physical.isEmpty() && speed != 1) {
            throw new ConfigException("clock.speed: " + speed + " is only possible on an all-virtual rig; "
                    + "physical devices " + physical.keySet() + " run in real time (speed 1)");
        }
        if (!physical.isEmpty() && signingKey.isEmpty()) {
            throw new ConfigException("signing-key: a rig with physical devices needs the key file their vehicles use");
        }
        return new RigFile(file, station, speed, seed, gpio, signingKey, physical, weather, broker, captureEvery);
    }
}

package io.streetstation.agent.runtime;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameBusMonitor;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.bridge.gpio.DigitalPins;
import io.streetstation.bridge.gpio.Pi4jDigitalPins;
import io.streetstation.bridge.link.SerialConfig;
import io.streetstation.bridge.link.SerialLink;
import io.streetstation.bridge.mavlink.MavlinkConfig;
import io.streetstation.bridge.mavlink.MavlinkEndpoint;
import io.streetstation.bridge.mavlink.MessageCatalog;
import io.streetstation.bridge.mavlink.SigningConfig;
import io.streetstation.bridge.mavlink.UnsignedPolicy;
import io.streetstation.bridge.time.StationClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The composition root: opens what the station configuration names, in start order — board pins,
 * the station frame buses (nest, rack, cameras), then every vehicle's serial link and MAVLink
 * endpoint — and closes it all in reverse order.
 * Nothing is opened anywhere else.
 */
public final class StationRuntime implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("runtime");
    /** What the agent announces to station firmware in its HELLO. */
    static final FirmwareVersion AGENT_VERSION = new FirmwareVersion(0, 1, 0);

    private final StationConfig config;
    private final StationClock clock;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<VehicleMonitor> vehicles = new ArrayList<>();
    private final List<FrameBusMonitor> buses = new ArrayList<>();
    private DigitalPins pins;

    private StationRuntime(StationConfig config, StationClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts the station. On a failure part-way, what was already started is closed again
     * before the exception propagates.
     */
    public static StationRuntime start(StationConfig config, StationClock clock) {
        StationRuntime r = new StationRuntime(config, clock);
        try {
            r.startAll();
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void startAll() {
        LOG.info("station {} ({}) starting: {} vehicles, {} frame buses, gpio {}", config.stationId(),
                config.stationName(), config.vehicles().size(), config.buses().size(), config.gpio().provider());
        pins = Pi4jDigitalPins.open(config.gpio());
        started.push(pins);

        PeerIdentity agent = new PeerIdentity(Role.AGENT, DeviceKind.AGENT,
                1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(0xFFFF_FFFEL), AGENT_VERSION, 0,
                config.stationId().length() <= 32 ? config.stationId() : config.stationId().substring(0, 32));
        for (StationConfig.FrameBus b : config.buses()) {
            SerialConfig port = SerialConfig.of(config.resolve(b.port().path()))
                    .withBaud(b.port().baud())
                    .withExclusive(config.serial().exclusive());
            FrameBusMonitor bus = new FrameBusMonitor(b, new SerialLink(b.name(), port, clock), clock, agent);
            started.push(bus);
            buses.add(bus);
            LOG.info("bus {}: {} ({}), devices {}", b.name(), port.path(), port.framing(), b.devices().stream()
                    .map(d -> String.format("%s@0x%02x", d.name(), d.address())).toList());
        }

        byte[] key = config.mavlink().signingKey().map(SigningKeys::read).orElse(null);
        MessageCatalog names = new MessageCatalog(MavlinkConfig.defaults().dialect());
        Integer[] unsignedIds = config.mavlink().acceptUnsigned().stream().map(names::id).toArray(Integer[]::new);
        int linkId = 0;
        for (StationConfig.Vehicle v : config.vehicles()) {
            SerialConfig port = SerialConfig.of(config.resolve(v.port().path()))
                    .withBaud(v.port().baud())
                    .withExclusive(config.serial().exclusive());
            SerialLink link = new SerialLink(v.name(), port, clock);
            MavlinkConfig mav = MavlinkConfig.defaults()
                    .withIds(config.mavlink().systemId(), config.mavlink().componentId())
                    .withLinkTiming(config.mavlink().heartbeatInterval(), config.mavlink().linkLostAfter());
            if (key != null) {
                mav = mav.withSigning(new SigningConfig(key, ++linkId, UnsignedPolicy.acceptListed(unsignedIds)));
            }
            MavlinkEndpoint endpoint = MavlinkEndpoint.start(link, clock, mav);
            started.push(endpoint);
            vehicles.add(new VehicleMonitor(v, link, endpoint, clock));
            LOG.info("{}: {} on {} ({}), system id {}{}", v.name(), v.kind().name().toLowerCase(), port.path(),
                    port.framing(), v.systemId(), key != null ? ", signed" : "");
        }
    }

    public StationConfig config() {
        return config;
    }

    public StationClock clock() {
        return clock;
    }

    public DigitalPins pins() {
        return pins;
    }

    public List<VehicleMonitor> vehicles() {
        return List.copyOf(vehicles);
    }

    public List<FrameBusMonitor> buses() {
        return List.copyOf(buses);
    }

    /** Every device on every frame bus, in configuration order. */
    public List<FrameDeviceMonitor> frameDevices() {
        return buses.stream().flatMap(b -> b.devices().stream()).toList();
    }

    /** Health of every configured device, in configuration order. */
    public List<DeviceHealth> health() {
        List<DeviceHealth> all = new ArrayList<>();
        for (FrameDeviceMonitor d : frameDevices()) {
            all.add(d.health());
        }
        for (VehicleMonitor v : vehicles) {
            all.add(v.health());
        }
        return all;
    }

    /** Closes in reverse start order; never throws, logs what failed. Idempotent. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
    }
}

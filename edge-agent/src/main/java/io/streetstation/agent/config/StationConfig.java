package io.streetstation.agent.config;

import io.streetstation.bridge.gpio.GpioConfig;
import io.streetstation.bridge.link.SerialConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the agent needs to know about its station, loaded from {@code station.yaml} by
 * {@link StationConfigLoader}. The same file serves the real station and the virtual rig; only
 * the device paths are re-rooted by the rig (see {@link #devicesRoot()}).
 *
 * @param stationId unique station id, also the MQTT client id; [a-z0-9-], 3..64 chars
 * @param clockSpeed station seconds per real second (1 on the board; the virtual rig runs faster)
 * @param serial settings shared by every serial port
 * @param buses station-frame buses (RS-485 multi-drop or one UART per device)
 * @param mavlink our MAVLink identity and link supervision
 * @param vehicles drones and the patrol robot
 * @param gpio the board's pins
 * @param devicesRoot where {@code /dev/station/*} paths point: {@code /dev/station} on the board,
 *     the rig's directory of virtual cables otherwise
 * @param uplink the link to central; empty: the station runs standalone (logged as a warning)
 * @param operations the nest's limits and timings (weather, launch, roof)
 */
public record StationConfig(
        String stationId,
        String stationName,
        double clockSpeed,
        SerialSettings serial,
        List<FrameBus> buses,
        MavlinkSettings mavlink,
        List<Vehicle> vehicles,
        GpioConfig gpio,
        Path devicesRoot,
        Optional<UplinkSettings> uplink,
        OperationsSettings operations) {

    /** The conventional place of station devices, made by config/99-station-serial.rules. */
    public static final Path DEFAULT_DEVICES_ROOT = Path.of("/dev/station");

    public StationConfig {
        buses = List.copyOf(buses);
        vehicles = List.copyOf(vehicles);
    }

    /**
     * @param nativeDir where jssc unpacks its native library (empty: java.io.tmpdir)
     * @param exclusive open ports exclusively (TIOCEXCL); may need root or the port's group
     */
    public record SerialSettings(Optional<Path> nativeDir, boolean exclusive) {
    }

    /** A serial port by path and speed; 8N1 without flow control. */
    public record Port(String path, SerialConfig.BaudRate baud) {
    }

    /**
     * One station-frame bus and the devices on it by address.
     *
     * @param name bus name ("rs485")
     * @param port its serial port
     * @param devices device name → bus address (0x02..0xFE)
     */
    public record FrameBus(String name, Port port, List<FrameDevice> devices) {
        public FrameBus {
            devices = List.copyOf(devices);
        }
    }

    /** A device on a frame bus. Kind follows from the name: nest, rack, camera-N. */
    public record FrameDevice(String name, int address) {
    }

    /**
     * @param systemId our MAVLink system id, 1..255 (255 is the usual ground station)
     * @param componentId our component id (190 = MAV_COMP_ID_MISSIONPLANNER)
     * @param heartbeatInterval how often we send our heartbeat
     * @param linkLostAfter a vehicle is lost after this long without its heartbeat
     * @param signingKey the 32-byte signing key file; empty: signing off
     * @param acceptUnsigned message names accepted without a signature on a signed link
     */
    public record MavlinkSettings(int systemId, int componentId, Duration heartbeatInterval, Duration linkLostAfter,
                                  Optional<Path> signingKey, List<String> acceptUnsigned) {
        public MavlinkSettings {
            acceptUnsigned = List.copyOf(acceptUnsigned);
        }
    }

    /** What a vehicle is. */
    public enum VehicleKind { COPTER, ROVER }

    /**
     * @param name "drone-1" … or "rover"
     * @param kind copter or rover
     * @param bay the nest bay a copter lives in, 1..4 (0 for the rover)
     * @param port its telemetry radio or UART
     * @param systemId its MAVLink system id
     */
    public record Vehicle(String name, VehicleKind kind, int bay, Port port, int systemId) {
    }

    /** The same station with another GPIO provider (the virtual rig runs on mock pins). */
    public StationConfig withGpioProvider(io.streetstation.bridge.gpio.GpioProvider provider) {
        return new StationConfig(stationId, stationName, clockSpeed, serial, buses, mavlink, vehicles,
                new GpioConfig(provider, gpio.inputs(), gpio.outputs()), devicesRoot, uplink, operations);
    }

    /** The same station with another MAVLink signing key file (the rig makes its own key). */
    public StationConfig withSigningKey(Path keyFile) {
        MavlinkSettings m = new MavlinkSettings(mavlink.systemId(), mavlink.componentId(), mavlink.heartbeatInterval(),
                mavlink.linkLostAfter(), Optional.of(keyFile), mavlink.acceptUnsigned());
        return new StationConfig(stationId, stationName, clockSpeed, serial, buses, m, vehicles, gpio, devicesRoot, uplink, operations);
    }

    /** The same station with another uplink (the rig points it at its own broker, state dir and keys). */
    public StationConfig withUplink(Optional<UplinkSettings> link) {
        return new StationConfig(stationId, stationName, clockSpeed, serial, buses, mavlink, vehicles, gpio, devicesRoot,
                link, operations);
    }

    /** {@code path} with a leading {@code /dev/station} replaced by {@link #devicesRoot()}. */
    public String resolve(String path) {
        Path p = Path.of(path);
        if (!devicesRoot.equals(DEFAULT_DEVICES_ROOT) && p.startsWith(DEFAULT_DEVICES_ROOT)) {
            return devicesRoot.resolve(DEFAULT_DEVICES_ROOT.relativize(p)).toString();
        }
        return path;
    }
}

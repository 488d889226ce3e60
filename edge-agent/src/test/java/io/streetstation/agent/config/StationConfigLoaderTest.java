package io.streetstation.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.bridge.gpio.GpioProvider;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StationConfigLoaderTest {

    /** The example shipped in config/ must always load. */
    private static final Path EXAMPLE = Path.of("..", "config", "station.example.yaml");

    private static final String MINIMAL = """
            station: { id: st-001 }
            gpio: { provider: mock }
            """;

    private static StationConfig parse(String yaml) {
        return StationConfigLoader.parse(new StringReader(yaml), "test.yaml", StationConfig.DEFAULT_DEVICES_ROOT);
    }

    @Test
    void shippedExample_loadsCompletely() {
        assertThat(EXAMPLE).exists();
        StationConfig c = StationConfigLoader.load(EXAMPLE, StationConfig.DEFAULT_DEVICES_ROOT);

        assertThat(c.stationId()).isEqualTo("zb-zhangdian-017");
        assertThat(c.buses()).singleElement().satisfies(b -> {
            assertThat(b.port().path()).isEqualTo("/dev/station/rs485");
            assertThat(b.devices()).extracting(StationConfig.FrameDevice::name, StationConfig.FrameDevice::address)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("nest", 0x10), org.assertj.core.groups.Tuple.tuple("rack", 0x20),
                            org.assertj.core.groups.Tuple.tuple("camera-1", 0x30), org.assertj.core.groups.Tuple.tuple("camera-2", 0x31));
        });
        assertThat(c.vehicles()).hasSize(5);
        assertThat(c.vehicles().get(0).bay()).isEqualTo(1);
        assertThat(c.mavlink().linkLostAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.mavlink().signingKey()).contains(Path.of("/etc/station/mavlink-signing.key"));
        assertThat(c.gpio().provider()).isEqualTo(GpioProvider.GPIOD);
        assertThat(c.gpio().inputs()).hasSize(4);
        assertThat(c.gpio().outputs()).hasSize(4);
        assertThat(c.serial().nativeDir()).contains(Path.of("/var/lib/station/native"));
        OperationsSettings d = OperationsSettings.defaults();
        OperationsSettings.Flight f = d.flight();
        assertThat(c.operations()).isEqualTo(new OperationsSettings(d.weather(), d.launch(),   // the example spells out the defaults
                new OperationsSettings.Land(d.land().deadline(), d.land().attempts(),
                        java.util.Optional.of(new OperationsSettings.Point(36.8131, 118.05508))),   // its alternate pad
                d.roof(),
                new OperationsSettings.Flight(f.cruiseSpeed(), f.dispatchSpeed(), f.endurance(), f.returnReservePercent(),
                        f.relayLead(), 36.8131, 118.0548, f.geofenceRadius()),   // and where it stands
                c.operations().patrols()));
        OperationsSettings.Patrols p = c.operations().patrols();
        assertThat(p.timezone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(p.routes().get("ring-road").waypoints()).hasSize(5).first()
                .isEqualTo(new OperationsSettings.Point(36.8167, 118.0582));
        assertThat(p.routes().get("ring-road").altitude()).isEqualTo(40);
        assertThat(p.schedules()).isEmpty();
    }

    @Test
    void operations_defaultWhenAbsent_andEachKeyOverrides() {
        assertThat(parse(MINIMAL).operations()).isEqualTo(OperationsSettings.defaults());

        OperationsSettings o = parse(MINIMAL + """
                operations:
                  weather: { wind-launch-max: 6.5, rain-recall: 10, clear-after: 0s }
                  launch: { battery-floor: 60 }
                  roof: { close-deadline: 45s }
                """).operations();

        assertThat(o.weather().windLaunchMax()).isEqualTo(6.5);
        assertThat(o.weather().gustLaunchMax()).isEqualTo(12.0);
        assertThat(o.weather().rainRecall()).isEqualTo(10.0);
        assertThat(o.weather().clearAfter()).isEqualTo(Duration.ZERO);
        assertThat(o.launch().batteryFloorPercent()).isEqualTo(60);
        assertThat(o.roof().openDeadline()).isEqualTo(Duration.ofSeconds(27));
        assertThat(o.roof().closeDeadline()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void patrols_badValues_areErrorsNamingPathAndRange() {
        String route = "operations: { patrols: { routes: { r1: { altitude: 40, waypoints: [[36.8, 118.0], [36.81, 118.01]] } }, ";
        assertThat(parse(MINIMAL + route + "schedules: { s1: { route: r1, from: \"19:00\", to: \"23:00\" } } } }\n")
                .operations().patrols().schedules().get("s1").days()).hasSize(7);
        assertThatThrownBy(() -> parse(MINIMAL + route + "schedules: { s1: { route: r2, from: \"19:00\", to: \"23:00\" } } } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.patrols.schedules.s1.route: no route 'r2' (routes: [r1])");
        assertThatThrownBy(() -> parse(MINIMAL + route + "schedules: { s1: { route: r1, from: \"25:00\", to: \"23:00\" } } } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.patrols.schedules.s1.from: '25:00' is not a time of day HH:MM");
        assertThatThrownBy(() -> parse(MINIMAL + route + "schedules: { s1: { route: r1, days: [mon, fry], from: \"19:00\", to: \"23:00\" } } } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'fry' is not a day");
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { patrols: { routes: { r1: { altitude: 40, waypoints: [[36.8, 118.0]] } } } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.patrols.routes.r1.waypoints: 2..200 points, had 1");
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { patrols: { routes: { r1: { altitude: 40, waypoints: [[96.8, 118.0], [1, 2]] } } } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.patrols.routes.r1.waypoints[0]: [96.8, 118.0] out of range");
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { patrols: { timezone: Mars/Olympus } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'Mars/Olympus' is not a time zone");
    }

    @Test
    void operations_badValues_areErrorsNamingPathAndRange() {
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { launch: { battery-floor: 10 } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.launch.battery-floor: must be 20..100, was 10");
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { weather: { gust-launch-max: 20 } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gust-recall: 15.0 is below gust-launch-max 20.0");
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { roof: { open-deadline: 10m } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.roof.open-deadline: must be");
        assertThatThrownBy(() -> parse(MINIMAL + "operations: { weather: { rain-limit: 3 } }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations.weather.rain-limit: unknown setting");
    }

    @Test
    void minimal_getsDocumentedDefaults() {
        StationConfig c = parse(MINIMAL);
        assertThat(c.clockSpeed()).isEqualTo(1.0);
        assertThat(c.mavlink().systemId()).isEqualTo(255);
        assertThat(c.mavlink().heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.serial().exclusive()).isTrue();
        assertThat(c.buses()).isEmpty();
    }

    @Test
    void devicesRoot_reRootsStationPathsOnly() {
        StationConfig c = StationConfigLoader.parse(new StringReader(MINIMAL), "t", Path.of("/tmp/rig-1"));
        assertThat(c.resolve("/dev/station/drone-1")).isEqualTo("/tmp/rig-1/drone-1");
        assertThat(c.resolve("/dev/ttyUSB0")).isEqualTo("/dev/ttyUSB0");
    }

    @Test
    void unknownKey_isAnErrorNamingItsPath() {
        assertThatThrownBy(() -> parse(MINIMAL + "mavlink: { heartbeet: 1s }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mavlink.heartbeet: unknown setting");
    }

    @Test
    void badValues_areErrorsNamingPathAndRange() {
        assertThatThrownBy(() -> parse(MINIMAL + "vehicles: { drone-1: { kind: copter, bay: 5, port: /dev/x, system-id: 11 } }\n"))
                .hasMessageContaining("vehicles.drone-1.bay: must be 1..4, was 5");
        assertThatThrownBy(() -> parse(MINIMAL + "vehicles: { drone-1: { kind: plane, bay: 1, port: /dev/x, system-id: 11 } }\n"))
                .hasMessageContaining("vehicles.drone-1.kind: 'plane' is not one of [copter, rover]");
        assertThatThrownBy(() -> parse(MINIMAL + "vehicles: { drone-1: { kind: copter, bay: 1, port: /dev/x, baud: 56000, system-id: 11 } }\n"))
                .hasMessageContaining("vehicles.drone-1.baud: 56000 is not a supported rate");
        assertThatThrownBy(() -> parse(MINIMAL + "mavlink: { signing: { accept-unsigned: [RADIO_STATUSS] } }\n"))
                .hasMessageContaining("mavlink.signing.accept-unsigned: 'RADIO_STATUSS' is not a MAVLink message name");
        assertThatThrownBy(() -> parse(MINIMAL + "mavlink: { link-lost-after: 3 }\n"))
                .hasMessageContaining("mavlink.link-lost-after: '3' is not a duration");
        assertThatThrownBy(() -> parse("station: { id: A }\ngpio: { provider: mock }\n"))
                .hasMessageContaining("station.id: 'A' is not a station id");
        assertThatThrownBy(() -> parse("station: { id: st-001 }\n"))
                .hasMessageContaining("gpio: required section is missing");
        assertThatThrownBy(() -> parse("station: { id: st-001 }\ngpio: { provider: pigpio }\n"))
                .hasMessageContaining("gpio.provider: 'pigpio' is not one of [gpiod, mock]");
    }

    @Test
    void clashes_areErrors() {
        assertThatThrownBy(() -> parse(MINIMAL + """
                vehicles:
                  drone-1: { kind: copter, bay: 1, port: /dev/a, system-id: 11 }
                  drone-2: { kind: copter, bay: 1, port: /dev/b, system-id: 12 }
                """)).hasMessageContaining("vehicles.drone-2.bay: bay 1 already holds another drone");
        assertThatThrownBy(() -> parse(MINIMAL + """
                mavlink: { system-id: 11 }
                vehicles:
                  drone-1: { kind: copter, bay: 1, port: /dev/a, system-id: 11 }
                """)).hasMessageContaining("vehicles.drone-1.system-id: 11 is already used");
        assertThatThrownBy(() -> parse(MINIMAL + """
                buses:
                  rs485: { port: /dev/a, devices: { nest: 0x10, rack: 0x10 } }
                """)).hasMessageContaining("buses.rs485.devices.rack: address 0x10 is used twice");
        assertThatThrownBy(() -> parse("""
                station: { id: st-001 }
                gpio:
                  provider: mock
                  inputs: { estop: { bcm: 17 } }
                  outputs: { relay: { bcm: 17 } }
                """)).hasMessageContaining("BCM 17 is used twice");
    }

    @Test
    void duplicateYamlKeys_andNonMappingDocuments_areErrors() {
        assertThatThrownBy(() -> parse("station: { id: st-001 }\nstation: { id: st-002 }\ngpio: { provider: mock }\n"))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("- just\n- a list\n")).hasMessageContaining("must be a YAML mapping");
    }

    @Test
    void unreadableFile_namesTheFile() {
        Path missing = Path.of("no-such-station.yaml");
        assertThat(Files.exists(missing)).isFalse();
        assertThatThrownBy(() -> StationConfigLoader.load(missing, StationConfig.DEFAULT_DEVICES_ROOT))
                .hasMessageContaining("no-such-station.yaml: cannot read");
    }
}

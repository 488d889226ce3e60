package io.streetstation.hil.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.config.ConfigException;
import io.streetstation.bridge.gpio.GpioProvider;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RigFileTest {

    private static final Path CONFIG = Path.of("..", "config");

    private static RigFile parse(String yaml) {
        return RigFile.parse(new StringReader(yaml), CONFIG.resolve("test-rig.yaml"));
    }

    @Test
    void shippedVirtualRig_simulatesEverything_at60x() {
        RigFile rig = RigFile.load(CONFIG.resolve("rig.virtual.yaml"));
        assertThat(rig.allVirtual()).isTrue();
        assertThat(rig.speed()).isEqualTo(60.0);
        assertThat(rig.gpio()).isEqualTo(GpioProvider.MOCK);
        assertThat(rig.signingKey()).isEmpty();
        assertThat(rig.station()).endsWith(Path.of("config", "station.example.yaml")).exists();
        assertThat(rig.broker()).isEqualTo(RigFile.EMBEDDED);
        assertThat(rig.weather()).isEqualTo(RigFile.Weather.CALM);
        assertThat(rig.captureEvery()).isEqualTo(java.time.Duration.ofSeconds(20));
    }

    @Test
    void shippedBenchExample_mixesPhysicalAndVirtualPorts_inRealTime() {
        RigFile rig = RigFile.load(CONFIG.resolve("rig.bench.example.yaml"));
        assertThat(rig.physical()).containsOnlyKeys("rs485", "drone-1");
        assertThat(rig.isVirtual("drone-2")).isTrue();
        assertThat(rig.isVirtual("drone-1")).isFalse();
        assertThat(rig.speed()).isEqualTo(1.0);
        assertThat(rig.signingKey()).contains(Path.of("/etc/station/mavlink-signing.key"));
    }

    @Test
    void acceleratingPhysicalDevices_isAnError() {
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                clock: { speed: 60 }
                signing-key: /k
                devices: { drone-1: /dev/ttyUSB0 }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("only possible on an all-virtual rig");
    }

    @Test
    void physicalDevices_needTheirSigningKey_andAbsolutePaths() {
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                devices: { drone-1: /dev/ttyUSB0 }
                """)).hasMessageContaining("needs the key file");
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                devices: { drone-1: ttyUSB0 }
                """)).hasMessageContaining("devices.drone-1: must be 'virtual' or an absolute device path");
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                clok: { speed: 2 }
                """)).hasMessageContaining("clok: unknown setting");
    }

    @Test
    void brokerWeatherAndCameras_areChecked() {
        RigFile rig = parse("""
                station: station.example.yaml
                weather: day
                broker: ssl://central.example:8883
                cameras: { capture-every: 5s }
                """);
        assertThat(rig.weather()).isEqualTo(RigFile.Weather.DAY);
        assertThat(rig.embeddedBroker()).isFalse();
        assertThat(rig.captureEvery()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                broker: localhost
                """)).hasMessageContaining("broker: must be 'embedded' or tcp://host:port");
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                weather: stormy
                """)).hasMessageContaining("weather");
        assertThatThrownBy(() -> parse("""
                station: station.example.yaml
                cameras: { capture-every: 0s }
                """)).hasMessageContaining("cameras.capture-every");
    }
}

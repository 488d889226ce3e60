package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.SimCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same seed gives the same station day: the same batteries, captures and weather; another seed does not. */
class ReproducibilityScenario {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void broker(@TempDir Path dir) {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** What a run shows: the batteries everything started with, and the cameras' first captures. */
    private record Observed(java.util.Map<String, Double> batteries, List<List<String>> captures) {
    }

    private static Observed run(long seed, Path dir) throws Exception {
        RigFile rig = RigFile.load(StationExtension.rigFile()).withSeed(seed).withWeather(RigFile.Weather.DAY);
        try (Station station = Station.start(rig, Files.createDirectories(dir), broker.url())) {
            FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
            FrameDeviceMonitor rack = station.agent().frameDevices().stream().filter(d -> d.name().equals("rack"))
                    .findFirst().orElseThrow();
            station.await("nest and rack report", Duration.ofSeconds(15), () -> nest.health().status() == DeviceHealth.Status.ONLINE
                    && nest.bay(4).isPresent() && rack.slot(4).isPresent());
            List<SimCamera> cameras = station.rig().cameras();
            station.await("six captures per camera", Duration.ofMinutes(5),
                    () -> cameras.stream().allMatch(c -> c.generated().size() >= 6));
            return new Observed(station.rig().initialBatteries(), cameras.stream().map(c -> c.generated().subList(0, 6)).toList());
        }
    }

    @Test
    void sameSeed_sameDay_otherSeed_otherDay(@TempDir Path dir) throws Exception {
        Observed first = run(7, dir.resolve("a"));
        Observed again = run(7, dir.resolve("b"));
        Observed other = run(8, dir.resolve("c"));

        assertThat(first.batteries()).hasSize(8);
        assertThat(again.batteries()).isEqualTo(first.batteries());
        assertThat(again.captures()).isEqualTo(first.captures());
        assertThat(other.captures()).isNotEqualTo(first.captures());
        assertThat(other.batteries()).isNotEqualTo(first.batteries());
    }
}

package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.Fleet;
import io.streetstation.agent.ops.RelayFigures;
import io.streetstation.agent.ops.SortieMachine;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.SimCopter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Continuous coverage for a whole day on the virtual rig, default STATION.md timings: central
 * starts a relay on a 1.9 km loop around the nest with the roof closed; the four drones take turns
 * — launched before the one on station must turn back, joining where it is heading, the other
 * recalled once the new one is there, landing, clamped and charging — for 4 hours of station time
 * in CI (8 minutes at ×30; {@code -Drelay.hours=24} for the whole day, 48 minutes). Faster clocks
 * overload the one station-clock thread with four copters flying on a busy 2-core CI machine: at
 * ×60 it stalled for over a second now and then, and the copters' GCS failsafe (given at least 1 s
 * of real time on fast clocks) sent them home. At the end: coverage at least
 * 99.9 % of the counted time, no hand-off gap, no drone faulted or lost, the relay's figures written
 * to {@code hil-tests/target/hil-reports/relay-day.txt} (the {@code bench station} harness prints
 * them as BENCH lines).
 */
@ExtendWith(StationExtension.class)
@RunSpeed(30)
@RigWeather(RigFile.Weather.CALM)
class RelayDayScenario {

    static final double HOURS = Double.parseDouble(System.getProperty("relay.hours", "4"));

    @Test
    void aDayOfRelay_oneDroneAlwaysOnStation_noHandOffGap(Station station) throws Exception {
        RelayFigures f = runRelay(station, Duration.ofMinutes((long) (HOURS * 60)), new ArrayList<>());
        assertThat(f.handOffs()).as(f.toString()).isGreaterThanOrEqualTo((int) (HOURS * 60 / 25));
        assertThat(f.maxGap()).as(f.toString()).isZero();
        assertThat(f.coveragePercent()).as(f.toString()).isGreaterThanOrEqualTo(99.9);
        Fleet.View v = station.agent().fleet().orElseThrow().view();
        assertThat(v.sorties().values()).as(v.toString())
                .noneMatch(s -> s instanceof SortieMachine.Faulted || s instanceof SortieMachine.Lost);
        for (int bay = 1; bay <= 4; bay++) {
            SimCopter c = station.rig().copter(bay);
            assertThat(c.phase()).as("drone-" + bay).isNotEqualTo(SimCopter.Phase.CRASHED);
        }
    }

    /** Runs a relay for {@code length} and returns its figures; the report lines go to {@code log}. */
    static RelayFigures runRelay(Station station, Duration length, List<String> log) throws Exception {
        station.assumeVirtual();
        var agent = station.agent();
        station.await("every device online and the nest ready", Duration.ofMinutes(1), () ->
                agent.health().stream().allMatch(h -> h.status() == DeviceHealth.Status.ONLINE)
                        && agent.nest().map(n -> n.view().roof() instanceof RoofMachine.Closed
                        && n.view().weather().mayLaunch()).orElse(false)
                && agent.fleet().map(f -> f.view().held().isEmpty()).orElse(false));
        Central central = new Central(station);
        List<String> handOffs = new CopyOnWriteArrayList<>();
        Fleet fleet = agent.fleet().orElseThrow();

        long t0 = station.clock().nanoTime();
        String c = central.send(station.keys().signOperate(central.command("station", "relay_start")
                .withParams("{\"route\": \"ring-road\", \"altitude\": 40, \"waypoints\": " + loop() + "}")));
        assertThat(central.terminal(c, "relay_start").path("state").asText()).isEqualTo("succeeded");

        Duration step = Duration.ofMinutes(30);
        for (Duration done = Duration.ZERO; done.compareTo(length) < 0; done = done.plus(step)) {
            Duration next = step.compareTo(length.minus(done)) < 0 ? step : length.minus(done);
            station.elapse(next);
            Fleet.View v = fleet.view();
            log.add(String.format(Locale.ROOT, "%5.1f h  %s  %s", (station.clock().nanoTime() - t0) / 3.6e12, v.relay(),
                    v.sorties().entrySet().stream().map(e -> e.getKey() + "=" + SortieMachine.name(e.getValue())).toList()));
        }
        RelayFigures f = fleet.view().relay();
        log.add("figures: " + f);
        Path dir = Path.of("target", "hil-reports");
        Files.createDirectories(dir);
        Files.write(dir.resolve("relay-day.txt"), log);
        central.assertContractKept();
        return f;
    }

    static String loop() {
        return Routes.ringRoadJson();
    }
}

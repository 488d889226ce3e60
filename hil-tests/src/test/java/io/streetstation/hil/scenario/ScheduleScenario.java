package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.Fleet;
import io.streetstation.agent.ops.SortieMachine;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.rig.RigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patrol schedule from central runs on the station with central gone: central sets a window
 * starting two minutes from now (station's time zone), then the broker goes away for good; at the
 * window's start the station launches the relay on the route on its own, keeps a drone over it,
 * and at the window's end brings every drone home and closes the roof. Its own broker (it is
 * stopped mid-test), the virtual rig at ×30, calm weather.
 */
class ScheduleScenario {

    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

    @Test
    void aWindowSetByCentral_runsTheRelayOnTheStation_withCentralGone_andEndsOnTime(@TempDir Path dir) throws Exception {
        RigFile rig = RigFile.load(StationExtension.rigFile()).withSpeed(30).withWeather(RigFile.Weather.CALM);
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
        try (Station station = Station.start(rig, Files.createDirectories(dir.resolve("station")), broker.url())) {
            Central central = DispatchScenario.ready(station);
            Fleet fleet = station.agent().fleet().orElseThrow();
            ZoneId zone = station.agent().config().operations().patrols().timezone();
            LocalTime now = station.clock().now().atZone(zone).toLocalTime();
            LocalTime from = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(3);
            LocalTime to = from.plusMinutes(25);
            String c = central.send(station.keys().signOperate(central.command("station", "schedule_set").withParams(
                    "{\"id\": \"evening\", \"route\": \"ring-road\", \"altitude\": 40, \"waypoints\": " + Routes.ringRoadJson()
                            + ", \"from\": \"" + HHMM.format(from) + "\", \"to\": \"" + HHMM.format(to) + "\"}")));
            JsonNode set = central.terminal(c, "schedule_set");
            assertThat(set.path("state").asText()).as(set.toString()).isEqualTo("succeeded");
            central.assertContractKept();
            broker.close();   // central unreachable from here on

            assertThat(fleet.view().relayRoute()).as("nothing before the window").isEmpty();
            station.await("a drone over the ring road after the window opened", Duration.ofMinutes(8), () ->
                    fleet.view().sorties().values().stream().anyMatch(s -> s instanceof SortieMachine.Patrolling p && p.onStation()));
            assertThat(station.clock().now().atZone(zone).toLocalTime()).as("not before the window").isAfterOrEqualTo(from);
            assertThat(fleet.view().relayRoute()).contains("ring-road");

            station.await("the window over: every drone docked, the relay off, the roof closed", Duration.ofMinutes(35), () ->
                    !station.clock().now().atZone(zone).toLocalTime().isBefore(to)
                            && fleet.view().relayRoute().isEmpty()
                            && fleet.view().sorties().values().stream().allMatch(s -> s instanceof SortieMachine.Docked)
                            && station.agent().nest().orElseThrow().view().roof() instanceof RoofMachine.Closed);
            assertThat(fleet.view().relay().coveragePercent()).as(fleet.view().relay().toString()).isGreaterThanOrEqualTo(99.9);
            assertThat(fleet.view().relay().maxGap()).isEqualTo(Duration.ZERO);
        } finally {
            broker.close();
        }
    }
}

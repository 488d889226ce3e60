package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.hil.rig.SimCopter;
import io.streetstation.hil.rig.model.RoofModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A launch from central, end to end on the virtual rig: a signed {@code launch} for drone-1 with
 * the roof closed runs the launch job — the roof opens while the drone's bay powers it, its checks
 * run and the bars let go; the take-off passes the interlocks; the drone climbs out of the corridor
 * — and every step reaches central as a job event; then it lands back, clamped and charging. In
 * rain the launch is refused with the reason before anything moves, and so it is while the board's
 * backup rain sensor is wet. The board's door switches reach central as station events. Needs the
 * virtual rig.
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)
class LaunchScenario {

    private static Central ready(Station station) {
        station.assumeVirtual();
        Central central = new Central(station);
        station.await("the nest ready (online, roof closed, weather known)", Duration.ofMinutes(1), () -> station.agent().nest()
                .map(n -> n.view().controllerOnline() && n.view().roof() instanceof RoofMachine.Closed
                        && n.view().weather().mayLaunch()).orElse(false)
                && station.agent().fleet().map(f -> f.view().held().isEmpty()).orElse(false));
        return central;
    }

    @Test
    void launch_fromRoofClosed_opensTheRoof_takesOff_andClimbsOutOfTheCorridor(Station station) {
        Central central = ready(station);
        SimCopter copter = station.rig().copter(1);

        String c = central.send(station.keys().signOperate(central.command("drone-1", "launch")));
        JsonNode done = central.terminal(c, "launch");

        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.OPEN);
        assertThat(copter.altitude()).as("above the corridor").isGreaterThanOrEqualTo(10.0);
        assertThat(station.agent().nest().orElseThrow().view().corridor()).isEmpty();
        List<String> steps = jobEvents(central, "launch", "job.step-done");
        assertThat(steps).containsExactlyInAnyOrder("check launch conditions", "open roof", "power on and check drone-1",
                "release centring bay 1", "take off", "leave the corridor");
        assertThat(steps.getFirst()).isEqualTo("check launch conditions");
        assertThat(steps.subList(4, 6)).containsExactly("take off", "leave the corridor");
        assertThat(jobEvents(central, "launch", "job.succeeded")).as("the launch's end, once").hasSize(1);
        List<JsonNode> progress = central.replies(c).stream().filter(r -> r.path("state").asText().equals("in_progress")).toList();
        assertThat(progress).extracting(r -> r.path("step").asText()).as("the job's steps as the command's progress")
                .contains("launch queued", "open roof: started", "open roof: done", "take off: done", "leave the corridor: done");
        assertThat(progress).extracting(r -> r.path("percent").asInt()).isSorted().last().isEqualTo(100);
        central.assertContractKept();
    }

    @Test
    void launchThenLand_bringsTheDroneBackOntoItsBay_clampedAndCharging_roofClosed(Station station) {
        Central central = ready(station);
        SimCopter copter = station.rig().copter(2);
        String up = central.send(station.keys().signOperate(central.command("drone-2", "launch")));
        assertThat(central.terminal(up, "launch").path("state").asText()).isEqualTo("succeeded");
        station.await("drone-2 at its take-off altitude", Duration.ofMinutes(1), () -> copter.altitude() >= 25);

        String down = central.send(station.keys().signOperate(central.command("drone-2", "land")));
        JsonNode landed = central.terminal(down, "land");

        assertThat(landed.path("state").asText()).as(landed.toString()).isEqualTo("succeeded");
        assertThat(copter.altitude()).isLessThan(0.5);
        assertThat(copter.armed()).isFalse();
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.CLOSED);
        var bay = station.agent().nest().orElseThrow().view().bay(2);
        assertThat(bay.occupied()).isTrue();
        assertThat(bay.centring()).isEqualTo(io.streetstation.agent.nest.BayView.Centring.CLAMPED);
        assertThat(bay.dronePower()).isFalse();
        station.await("bay 2 charging", Duration.ofSeconds(30), () -> station.agent().nest().orElseThrow().view().bay(2)
                .charger() == io.streetstation.agent.nest.BayView.Charger.CHARGING
                || station.agent().nest().orElseThrow().view().bay(2).charger() == io.streetstation.agent.nest.BayView.Charger.FULL);
        assertThat(jobEvents(central, "land", "job.step-done")).containsSubsequence("enter the corridor", "land on bay 2", "clamp bay 2");
        central.assertContractKept();
    }

    @Test
    void inModerateRain_theLaunchIsRefusedWithTheReason_beforeTheRoofMoves(Station station) {
        Central central = ready(station);
        station.faults().rain(5.0, Duration.ofHours(1));
        station.await("the weather gate holding", Duration.ofSeconds(30),
                () -> !station.agent().nest().orElseThrow().view().weather().mayLaunch());

        String c = central.send(station.keys().signOperate(central.command("drone-1", "launch")));
        JsonNode failed = central.terminal(c, "launch");

        assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).startsWith("job: failed at 'check launch conditions': ")
                .contains("weather.rain");
        assertThat(station.rig().copter(1).altitude()).isLessThan(1.0);
        assertThat(station.rig().nest().roofPhase()).as("the roof never opened into the rain").isEqualTo(RoofModel.State.CLOSED);
        assertThat(station.rig().nest().roofPosition()).isZero();
        central.assertContractKept();
    }

    @Test
    void withTheBoardsBackupRainSensorWet_theLaunchIsRefusedWithItsReason_whileTheWeatherStationReadsDry(Station station) {
        Central central = ready(station);
        station.faults().backupRain(true);
        station.await("the weather gate holding", Duration.ofSeconds(30),
                () -> !station.agent().nest().orElseThrow().view().weather().mayLaunch());
        station.await("central told why", Duration.ofSeconds(30), () -> DispatchScenario.events(central, "weather.hold").stream()
                .anyMatch(b -> b.path("text").asText().contains("the board's backup rain sensor is wet")));

        String c = central.send(station.keys().signOperate(central.command("drone-2", "launch")));
        JsonNode failed = central.terminal(c, "launch");

        assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).startsWith("job: failed at 'check launch conditions': ")
                .contains("weather.rain-backup").doesNotContain("weather.rain:");
        assertThat(station.rig().copter(2).altitude()).isLessThan(1.0);
        assertThat(station.rig().nest().roofPhase()).as("the roof never opened").isEqualTo(RoofModel.State.CLOSED);

        station.faults().backupRain(false);
        station.await("the gate clearing (the clear-after wait)", Duration.ofSeconds(30), () -> station.agent().nest().orElseThrow()
                .view().weather().reasons().stream().anyMatch(r -> r.code().equals("weather.clearing")));
        central.assertContractKept();
    }

    @Test
    void theBoardsDoorSwitches_reachCentralAsStationEvents(Station station) {
        Central central = ready(station);
        station.faults().door("nest", true);
        station.await("central told the nest door opened", Duration.ofSeconds(30),
                () -> !DispatchScenario.events(central, "door.opened").isEmpty());
        station.faults().door("nest", false);
        station.await("central told it closed", Duration.ofSeconds(30), () -> !DispatchScenario.events(central, "door.closed").isEmpty());

        assertThat(DispatchScenario.events(central, "door.opened")).singleElement().satisfies(b -> {
            assertThat(b.path("device").asText()).isEqualTo("station");
            assertThat(b.path("text").asText()).isEqualTo("door nest opened");
        });
        assertThat(DispatchScenario.events(central, "door.closed")).singleElement()
                .satisfies(b -> assertThat(b.path("text").asText()).isEqualTo("door nest closed"));
        central.assertContractKept();
    }

    @Test
    void aLaunchAbortedFromCentral_whileTheRoofOpens_leavesTheDroneDockedAndTheRoofClosed(Station station) {
        Central central = ready(station);
        String c = central.send(station.keys().signOperate(central.command("drone-3", "launch")));
        station.await("the roof opening for drone-3", Duration.ofSeconds(30),
                () -> station.rig().nest().roofPhase() == RoofModel.State.OPENING && station.rig().nest().roofPosition() > 30);

        JsonNode aborted = central.terminal(central.send(station.keys().signOperate(central.command("drone-3", "launch_abort"))),
                "launch_abort");

        assertThat(aborted.path("state").asText()).as(aborted.toString()).isEqualTo("succeeded");
        JsonNode launch = central.terminal(c, "launch");
        assertThat(launch.path("state").asText()).isEqualTo("failed");
        assertThat(launch.path("reason").asText()).contains("aborted: central asked");
        station.await("drone-3 docked, clamped, the roof closed", Duration.ofMinutes(1), () -> station.agent().fleet()
                .orElseThrow().view().sorties().get("drone-3") instanceof io.streetstation.agent.ops.SortieMachine.Docked
                && station.rig().nest().roofPhase() == RoofModel.State.CLOSED
                && station.agent().nest().orElseThrow().view().bay(3).centring() == io.streetstation.agent.nest.BayView.Centring.CLAMPED);
        assertThat(station.rig().copter(3).armed()).isFalse();
        assertThat(station.rig().copter(3).altitude()).isLessThan(1.0);
        central.assertContractKept();
    }

    /**
     * The steps of job {@code name}'s events with {@code code}. By name: the start-up recovery's
     * events may still be arriving when the scenario starts listening (it starts once the fleet
     * is released, a few milliseconds after the recovery's last event).
     */
    private static List<String> jobEvents(Central central, String name, String code) {
        return DispatchScenario.events(central, code).stream().filter(b -> b.path("job").path("name").asText().equals(name))
                .map(b -> b.path("job").path("step").asText()).toList();
    }
}

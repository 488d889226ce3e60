package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.SortieMachine;
import io.streetstation.hil.rig.SimCopter;
import io.streetstation.hil.rig.model.RoofModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent stops mid-launch — the roof half open, drone-1 powered and booting, its bars let go —
 * without finishing the job (no end in the operations journal, nothing sent on the way down, as
 * after a crash or a power cut of the board), and starts again. On restart it reads the journal
 * and the hardware, and brings the nest to a safe, known state from what it observes: the roof
 * (found moving without a command of this agent) stopped and closed, drone-1 powered off, clamped
 * and charging — without repeating a single actuation that had already happened (no second roof
 * open, power on or bar release, no arming, no take-off), and with the cut-short launch closed in
 * the journal, so the next restart finds nothing to recover.
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)
class CrashRecoveryScenario {

    @Test
    void agentStoppedMidLaunch_restarts_bringsTheNestToASafeState_withoutRepeatingAnActuation(Station station) {
        Central central = DispatchScenario.ready(station);
        SimCopter copter = station.rig().copter(1);
        List<Integer> mavCommands = new CopyOnWriteArrayList<>();
        copter.onCommand(mavCommands::add);

        // drone-1 parked as a charging bay keeps it: powered off (the rig starts its drones powered)
        station.agent().nest().orElseThrow().bay(1, io.streetstation.agent.nest.Nest.BayAction.DRONE_POWER_OFF,
                Duration.ofSeconds(5)).toCompletableFuture().join();
        station.await("drone-1 powered off", Duration.ofSeconds(10), () -> !bay1(station).dronePower());

        central.send(station.keys().signOperate(central.command("drone-1", "launch")));
        station.await("the launch half way: roof moving, drone-1 powered, bars released", Duration.ofSeconds(30), () ->
                station.rig().nest().roofPosition() > 30 && station.rig().nest().roofPosition() < 70
                        && bay1(station).dronePower() && bay1(station).centring() == BayView.Centring.RELEASED);
        List<String> before = station.rig().nest().commands();
        assertThat(before).contains("roof OPEN", "bay 1 DRONE_POWER_ON", "bay 1 CENTRING_RELEASE");

        int recoveredBefore = DispatchScenario.events(central, "recover.done").size();
        station.restartAgent(() -> { });   // the agent is gone mid-job; the rig runs on

        station.await("the nest safe: roof closed, drone-1 powered off, clamped and charging", Duration.ofMinutes(2), () ->
                station.agent().nest().orElseThrow().view().roof() instanceof RoofMachine.Closed
                        && !bay1(station).dronePower() && bay1(station).centring() == BayView.Centring.CLAMPED
                        && (bay1(station).charger() == BayView.Charger.CHARGING || bay1(station).batteryPercent() > 95));
        List<String> after = station.rig().nest().commands().subList(before.size(), station.rig().nest().commands().size());
        assertThat(after).as("what the restarted agent sent").doesNotContain("roof OPEN", "bay 1 DRONE_POWER_ON",
                "bay 1 CENTRING_RELEASE");
        assertThat(after).contains("roof STOP", "bay 1 DRONE_POWER_OFF", "bay 1 CENTRING_CLAMP", "roof CLOSE");
        assertThat(after.indexOf("roof CLOSE")).as("the roof closes last").isGreaterThan(after.indexOf("bay 1 CENTRING_CLAMP"));
        assertThat(mavCommands).as("no arming, no take-off").doesNotContain(400, 22);
        assertThat(copter.phase()).isEqualTo(SimCopter.Phase.ON_GROUND);
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.CLOSED);
        assertThat(station.agent().fleet().orElseThrow().view().sorties().get("drone-1")).isInstanceOf(SortieMachine.Docked.class);

        List<JsonNode> findings = DispatchScenario.events(central, "recover.finding");
        assertThat(findings).anyMatch(f -> f.path("text").asText().contains("launch"));
        station.await("the recovery reported", Duration.ofSeconds(30),
                () -> DispatchScenario.events(central, "recover.done").size() > recoveredBefore);

        // a second restart: the journal's launch was closed, the nest is safe: nothing to do
        int commandsBefore = station.rig().nest().commands().size();
        int recoveredOnce = DispatchScenario.events(central, "recover.done").size();
        station.restartAgent(() -> { });
        station.await("the second recovery reported", Duration.ofMinutes(1),
                () -> DispatchScenario.events(central, "recover.done").size() > recoveredOnce);
        assertThat(DispatchScenario.events(central, "recover.done").getLast().path("text").asText())
                .isEqualTo("nothing to recover: launches allowed");
        assertThat(station.rig().nest().commands().subList(commandsBefore, station.rig().nest().commands().size()))
                .as("nothing sent by the second start").isEmpty();
        central.assertContractKept();
    }

    private static BayView bay1(Station station) {
        return station.agent().nest().orElseThrow().view().bays().get(0);
    }
}

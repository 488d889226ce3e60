package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetstation.agent.config.UplinkSettings.Scope;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.hil.rig.model.RoofModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The roof from central's console, end to end: a signed {@code roof_open} / {@code roof_close}
 * goes through the agent's nest actor (roof machine, interlocks) to the simulated controller and
 * back, with progress and the roof's state changes as events; an E-stop during roof motion stops
 * the motor at once and refuses motion until reset; a stall faults the roof until a technician
 * resets controller and agent; the E-stop on the agent's own board (a GPIO input) does the same
 * through the agent, which latches the controller too. Needs the virtual rig (it presses the
 * E-stops, blocks the roof).
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)   // command deadlines of 5 s: 0.5 s of real time at ×10
class RoofScenario {

    private static Central ready(Station station) {
        station.assumeVirtual();
        Central central = new Central(station);
        station.await("the nest controller online and the roof known", Duration.ofMinutes(1), () -> station.agent().nest()
                .map(n -> n.view().controllerOnline() && n.view().roof() instanceof RoofMachine.Closed).orElse(false));
        return central;
    }

    private static JsonNode run(Station station, Central central, String name, Scope scope) {
        var command = central.command("nest", name);
        String c = central.send(scope == Scope.MAINTENANCE
                ? station.keys().signMaintenance(command.withScope(Scope.MAINTENANCE))
                : station.keys().signOperate(command));
        return central.terminal(c, name);
    }

    @Test
    void openThenClose_succeedWhenTheRoofRests_withProgressAndStateEvents(Station station) {
        Central central = ready(station);

        String open = central.send(station.keys().signOperate(central.command("nest", "roof_open")));
        JsonNode opened = central.terminal(open, "roof_open");

        assertThat(opened.path("state").asText()).as(opened.toString()).isEqualTo("succeeded");
        assertThat(opened.path("result").path("roof").asText()).isEqualTo("open");
        List<JsonNode> replies = central.replies(open);
        assertThat(Central.states(replies)).startsWith("accepted").endsWith("succeeded").contains("in_progress");
        assertThat(replies.stream().filter(r -> r.path("state").asText().equals("in_progress"))
                .map(r -> r.path("percent").asInt()).toList()).isSorted().hasSizeBetween(5, 12).allMatch(p -> p >= 0 && p <= 100);
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.OPEN);

        JsonNode closed = run(station, central, "roof_close", Scope.OPERATE);
        assertThat(closed.path("state").asText()).as(closed.toString()).isEqualTo("succeeded");
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.CLOSED);
        station.await("the roof's state changes as nest events", Duration.ofSeconds(30), () -> nestEventCodes(central)
                .containsAll(List.of("roof.opening", "roof.open", "roof.closing", "roof.closed")));
        central.assertContractKept();
    }

    @Test
    void anEStopDuringClosing_stopsTheRoofAtOnce_andRefusesMotionUntilReset(Station station) {
        Central central = ready(station);
        assertThat(run(station, central, "roof_open", Scope.OPERATE).path("state").asText()).isEqualTo("succeeded");

        String close = central.send(station.keys().signOperate(central.command("nest", "roof_close")));
        station.await("the roof closing", Duration.ofSeconds(30),
                () -> station.rig().nest().roofPhase() == RoofModel.State.CLOSING && station.rig().nest().roofPosition() < 80);
        station.faults().estop(true);

        JsonNode stopped = central.terminal(close, "roof_close");
        assertThat(stopped.path("state").asText()).as(stopped.toString()).isEqualTo("failed");
        assertThat(stopped.path("reason").asText()).startsWith("roof: ").contains("E-stop");
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.STOPPED);
        double where = station.rig().nest().roofPosition();
        assertThat(where).isBetween(1.0, 99.0);

        JsonNode refused = run(station, central, "roof_open", Scope.OPERATE);
        assertThat(refused.path("state").asText()).isEqualTo("failed");
        assertThat(refused.path("reason").asText()).startsWith("interlock: ").contains("estop.active");
        assertThat(station.rig().nest().roofPosition()).as("nothing moved").isEqualTo(where);

        station.faults().estop(false);
        assertThat(run(station, central, "estop_reset", Scope.MAINTENANCE).path("state").asText()).isEqualTo("succeeded");
        station.await("the E-stop clear in the nest's view", Duration.ofSeconds(30),
                () -> !station.agent().nest().orElseThrow().view().estop().active());
        JsonNode closedAfter = run(station, central, "roof_close", Scope.OPERATE);
        assertThat(closedAfter.path("state").asText()).as(closedAfter.toString()).isEqualTo("succeeded");
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.CLOSED);
        central.assertContractKept();
    }

    @Test
    void theBoardsEStop_duringOpening_stopsTheRoof_latchesTheController_andHoldsUntilReleasedAndReset(Station station) {
        Central central = ready(station);
        String open = central.send(station.keys().signOperate(central.command("nest", "roof_open")));
        station.await("the roof opening", Duration.ofSeconds(30),
                () -> station.rig().nest().roofPhase() == RoofModel.State.OPENING && station.rig().nest().roofPosition() > 20);

        station.faults().boardEStop(true);

        JsonNode stopped = central.terminal(open, "roof_open");
        assertThat(stopped.path("state").asText()).as(stopped.toString()).isEqualTo("failed");
        assertThat(stopped.path("reason").asText()).contains("E-stop (board button)");
        assertThat(station.rig().nest().commands()).contains("estop trigger");
        station.await("the controller latched by the agent", Duration.ofSeconds(30), () -> station.agent().nest()
                .orElseThrow().view().estop().source().equals("board button and agent"));
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.STOPPED);
        double where = station.rig().nest().roofPosition();

        JsonNode held = run(station, central, "estop_reset", Scope.MAINTENANCE);
        assertThat(held.path("state").asText()).as(held.toString()).isEqualTo("failed");
        assertThat(held.path("reason").asText()).contains("still pressed");
        assertThat(station.rig().nest().commands()).as("a reset under a held button never reaches the controller")
                .doesNotContain("estop reset");

        station.faults().boardEStop(false);
        JsonNode refused = run(station, central, "roof_close", Scope.OPERATE);
        assertThat(refused.path("reason").asText()).as("released, still latched").contains("estop.active");
        assertThat(station.rig().nest().roofPosition()).as("nothing moved").isEqualTo(where);

        assertThat(run(station, central, "estop_reset", Scope.MAINTENANCE).path("state").asText()).isEqualTo("succeeded");
        station.await("the E-stop clear in the nest's view", Duration.ofSeconds(30),
                () -> !station.agent().nest().orElseThrow().view().estop().active());
        JsonNode closed = run(station, central, "roof_close", Scope.OPERATE);
        assertThat(closed.path("state").asText()).as(closed.toString()).isEqualTo("succeeded");
        station.await("the E-stop's coming and going as nest events", Duration.ofSeconds(30), () -> nestEventCodes(central)
                .containsAll(List.of("estop.active", "estop.clear")));
        central.assertContractKept();
    }

    @Test
    void aStall_faultsTheRoof_withAnAlarm_untilControllerAndAgentAreReset(Station station) {
        Central central = ready(station);
        station.faults().roofBlocked(true);

        JsonNode stalled = run(station, central, "roof_open", Scope.OPERATE);

        assertThat(stalled.path("state").asText()).isEqualTo("failed");
        assertThat(stalled.path("reason").asText()).startsWith("roof: ").contains("controller fault");
        station.await("a roof alarm", Duration.ofSeconds(30), () -> central.received(r -> r.topicClass().equals("events"))
                .stream().map(Central::body).anyMatch(b -> b.path("kind").asText().equals("alarm")
                        && b.path("text").asText().contains("roof faulted")));
        JsonNode latched = run(station, central, "roof_close", Scope.OPERATE);
        assertThat(latched.path("reason").asText()).contains("reset it first");

        station.faults().roofBlocked(false);
        assertThat(run(station, central, "estop_reset", Scope.MAINTENANCE).path("state").asText()).isEqualTo("succeeded");
        assertThat(run(station, central, "roof_reset", Scope.MAINTENANCE).path("state").asText()).isEqualTo("succeeded");
        station.await("the roof known again", Duration.ofSeconds(30), () -> !(station.agent().nest().orElseThrow().view().roof()
                instanceof RoofMachine.Unknown));
        JsonNode closed = run(station, central, "roof_close", Scope.OPERATE);
        assertThat(closed.path("state").asText()).as(closed.toString()).isEqualTo("succeeded");
        assertThat(station.rig().nest().roofPhase()).isEqualTo(RoofModel.State.CLOSED);
        central.assertContractKept();
    }

    private static List<String> nestEventCodes(Central central) {
        return central.received(r -> r.topic().endsWith("/nest/events")).stream().map(Central::body)
                .map(b -> b.path("code").asText()).toList();
    }
}

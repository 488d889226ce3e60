package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.SortieMachine;
import io.streetstation.hil.rig.SimCopter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An incident dispatch from central with the roof closed and every drone in its bay: the fullest
 * bay's drone launches (the roof opening while it boots and checks), is airborne within 20 s of
 * the request, flies there at dispatch speed, watches over the scene taking photos, then comes
 * home, lands, and is clamped and charging. Every step reaches central with its time.
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)
class DispatchScenario {

    private static final Pattern SECONDS = Pattern.compile("([0-9.]+) s after the request");

    @Test
    void dispatch_fromRoofClosed_airborneWithin20s_watchesTheScene_thenDocksAgain(Station station) {
        Central central = ready(station);
        // 500 m north-east of the nest
        double lat = 36.8131 + 350 / 111_320.0;
        double lon = 118.0548 + 350 / (111_320.0 * Math.cos(Math.toRadians(36.8131)));
        String c = central.send(station.keys().signOperate(central.command("station", "dispatch").withParams(String.format(
                Locale.ROOT, "{\"incident\": \"inc-7\", \"lat\": %.7f, \"lon\": %.7f, \"priority\": 1, \"on_scene_s\": 60}", lat, lon))));
        JsonNode assigned = central.terminal(c, "dispatch");
        assertThat(assigned.path("state").asText()).as(assigned.toString()).isEqualTo("succeeded");
        String detail = assigned.path("result").path("detail").asText(assigned.toString());
        Matcher m = Pattern.compile("(drone-\\d) launches from bay (\\d)").matcher(detail);
        assertThat(m.find()).as(detail).isTrue();
        String drone = m.group(1);
        SimCopter copter = station.rig().copter(Integer.parseInt(m.group(2)));

        double airborne = seconds(station, central, "dispatch.airborne", Duration.ofMinutes(1));
        assertThat(airborne).as("dispatch to airborne, s").isLessThanOrEqualTo(20.0);
        double onScene = seconds(station, central, "dispatch.on-scene", Duration.ofMinutes(3));
        assertThat(onScene - airborne).as("500 m at 15 m/s after the climb").isBetween(25.0, 90.0);
        double done = seconds(station, central, "dispatch.done", Duration.ofMinutes(3));
        assertThat(done - onScene).as("60 s over the scene").isBetween(55.0, 80.0);
        assertThat(copter.imagesCaptured()).as("photos over the scene, one every 2 s").isGreaterThanOrEqualTo(25);
        assertThat(steps(central, "job.step-done")).contains("fly to inc-7", "watch over inc-7");

        station.await(drone + " home, docked", Duration.ofMinutes(6), () -> station.agent().fleet().orElseThrow().view()
                .sorties().get(drone) instanceof SortieMachine.Docked);
        assertThat(station.agent().nest().orElseThrow().view().roof()).isInstanceOf(RoofMachine.Closed.class);
        report(String.format(Locale.ROOT, "dispatch from roof closed: airborne %.1f s, on scene %.1f s, done %.1f s after the request",
                airborne, onScene, done));
        central.assertContractKept();
    }

    @Test
    void dispatch_inHeavyRain_isRefusedWithTheReason_andNothingMoves(Station station) {
        Central central = ready(station);
        station.faults().rain(10.0, Duration.ofHours(1));
        station.await("the weather gate holding", Duration.ofSeconds(30),
                () -> !station.agent().nest().orElseThrow().view().weather().mayLaunch());
        String c = central.send(station.keys().signOperate(central.command("station", "dispatch")
                .withParams("{\"incident\": \"inc-8\", \"lat\": 36.815, \"lon\": 118.056}")));
        JsonNode r = central.terminal(c, "dispatch");
        assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("failed");
        assertThat(r.path("reason").asText()).contains("incident inc-8: no drone can go").contains("launches held");
        assertThat(station.agent().nest().orElseThrow().view().roof()).isInstanceOf(RoofMachine.Closed.class);
        assertThat(station.agent().fleet().orElseThrow().view().sorties().values()).allMatch(s -> s instanceof SortieMachine.Docked);
        central.assertContractKept();
    }

    private static void report(String line) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "hil-reports");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("dispatch.txt"), line + System.lineSeparator());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Central ready(Station station) {
        station.assumeVirtual();
        Central central = new Central(station);
        station.await("the nest ready (online, roof closed, weather known)", Duration.ofMinutes(1), () -> station.agent().nest()
                .map(n -> n.view().controllerOnline() && n.view().roof() instanceof RoofMachine.Closed
                        && n.view().weather().mayLaunch()).orElse(false)
                && station.agent().fleet().map(f -> f.view().held().isEmpty()).orElse(false));
        return central;
    }

    /** The seconds a dispatch event reports, once it has arrived. */
    static double seconds(Station station, Central central, String code, Duration within) {
        station.await(code, within, () -> !events(central, code).isEmpty());
        String text = events(central, code).getFirst().path("text").asText();
        Matcher m = SECONDS.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static List<JsonNode> events(Central central, String code) {
        return central.received(r -> r.topicClass().equals("events")).stream().map(Central::body)
                .filter(b -> b.path("code").asText().equals(code)).toList();
    }

    static List<String> steps(Central central, String code) {
        return events(central, code).stream().map(b -> b.path("job").path("step").asText()).toList();
    }
}

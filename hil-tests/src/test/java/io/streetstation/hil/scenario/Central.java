package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetstation.agent.uplink.command.SignedCommandBuilder;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.central.ContractValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.common.MqttException;

/** What central received since a scenario started listening, with the contract checked on each; and central's commands. */
/** What central received since the scenario started listening, with the contract checked on each. */
final class Central {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Station time a command may take to reach a terminal reply: 18 s of real time at ×10. */
    static final Duration WAIT = Duration.ofMinutes(3);
    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "rejected", "timed_out");

    private final Station station;
    private final String id;
    private final Queue<CentralView.Received> all = new ConcurrentLinkedQueue<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final ContractValidator contract = new ContractValidator();

    Central(Station station) {
        this.station = station;
        this.id = station.agent().config().stationId();
        station.central().addListener(r -> {
            if (!r.topicClass().equals("telemetry") && !r.topicClass().equals("fast") || all.size() % 20 == 0) {
                problems.addAll(contract.problems(r));   // telemetry sampled: the contract scenario checks it all
            }
            all.add(r);
        });
        station.await("uplink connected", Duration.ofMinutes(10),
                () -> station.agent().uplink().orElseThrow().statistics().connected());
    }

    SignedCommandBuilder command(String target, String name) {
        Instant now = station.clock().now();
        return CentralKeys.command(id, now, target, name).withExpiresAt(now.plus(Duration.ofMinutes(10)));
    }

    /** Sends {@code json} with a fresh correlation, which is returned. */
    String send(byte[] json) {
        String correlation = UUID.randomUUID().toString();
        try {
            station.central().sendCommand(id, json, correlation.getBytes(StandardCharsets.UTF_8), 0);
        } catch (MqttException e) {
            throw new AssertionError("central cannot publish a command: " + e, e);
        }
        return correlation;
    }

    String send(SignedCommandBuilder b) {
        return send(b.json());
    }

    List<CentralView.Received> received(Predicate<CentralView.Received> p) {
        return all.stream().filter(p).toList();
    }

    /** Reply bodies whose correlation data is {@code correlation}, in arrival order. */
    List<JsonNode> replies(String correlation) {
        byte[] c = correlation.getBytes(StandardCharsets.UTF_8);
        return received(r -> r.topicClass().equals("replies") && java.util.Arrays.equals(c, r.correlationData()))
                .stream().map(Central::body).toList();
    }

    JsonNode terminal(String correlation, String what) {
        station.await(what + ": a terminal reply", WAIT,
                () -> replies(correlation).stream().anyMatch(b -> TERMINAL.contains(b.path("state").asText())));
        return replies(correlation).stream().filter(b -> TERMINAL.contains(b.path("state").asText())).findFirst()
                .orElseThrow();
    }

    List<JsonNode> rejectionEvents() {
        return received(r -> r.topicClass().equals("events")).stream().map(Central::body)
                .filter(b -> b.path("code").asText().equals("command.rejected")).toList();
    }

    long count(String topicClass) {
        return received(r -> r.topicClass().equals(topicClass)).size();
    }

    void assertContractKept() {
        assertThat(problems).as("contract violations").isEmpty();
    }

    /** The {@code body} of an enveloped message. */
    static JsonNode body(CentralView.Received r) {
        try {
            return JSON.readTree(r.payload()).path("body");
        } catch (IOException e) {
            throw new AssertionError(r.topic() + ": not JSON", e);
        }
    }

    static List<String> states(List<JsonNode> replies) {
        return replies.stream().map(b -> b.path("state").asText()).toList();
    }
}

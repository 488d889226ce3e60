package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetstation.agent.uplink.command.SignedCommandBuilder;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.central.ContractValidator;
import io.streetstation.hil.rig.SimCamera;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Everything the station publishes over a few station minutes keeps the MQTT contract, as central
 * sees it: a subscriber of its own that joins once the station is online and asks for a rebirth
 * (birth and ONLINE status again), every message validated against the envelope and its body
 * schema, and every capture's image hash checked against the image central can rebuild.
 */
@ExtendWith(StationExtension.class)
class UplinkContractScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMessage_keepsTheContract_andCaptureImagesHashToWhatTheCameraMade(Station station) throws Exception {
        String id = station.agent().config().stationId();
        // not central's status count: a retained OFFLINE of an earlier run on the same broker would pass that
        station.await("uplink connected", Duration.ofMinutes(10),
                () -> station.agent().uplink().orElseThrow().statistics().connected());

        Queue<CentralView.Received> received = new ConcurrentLinkedQueue<>();
        try (CentralView view = CentralView.connect(station.brokerUrl(), "central-contract-" + System.nanoTime(),
                "stations/" + id + "/#", station.clock()::now, received::add)) {
            // replies and a command.rejected event go through the contract too
            Instant now = station.clock().now();
            SignedCommandBuilder ping = CentralKeys.command(id, now, "station", "ping").withExpiresAt(now.plus(Duration.ofMinutes(10)));
            view.sendCommand(id, station.keys().signOperate(ping).json(), "signed".getBytes(StandardCharsets.UTF_8), 0);
            view.sendCommand(id, ping.withId(UUID.randomUUID().toString()).json(), "unsigned".getBytes(StandardCharsets.UTF_8), 0);
            // a rebirth republishes birth and ONLINE status while this view listens
            view.sendCommand(id, station.keys().signOperate(CentralKeys.command(id, now, "station", "rebirth")
                    .withExpiresAt(now.plus(Duration.ofMinutes(10)))).json(), "rebirth".getBytes(StandardCharsets.UTF_8), 0);
            // a firmware DEVICE_EVENT from the nest controller becomes an event at central
            station.await("the nest controller raised its event", Duration.ofMinutes(1), () -> station.rig().nest()
                    .raise(new DeviceEvent(0x0B0B, DeviceEvent.Severity.WARNING, "door contact open")) >= 0);
            station.elapse(Duration.ofMinutes(3));
            station.await("captures from both cameras", Duration.ofMinutes(2), () -> received.stream()
                    .filter(r -> r.topicClass().equals("captures")).map(CentralView.Received::topic).distinct().count() >= 2);
        }
        List<CentralView.Received> all = List.copyOf(received);

        ContractValidator contract = new ContractValidator();
        List<String> problems = new ArrayList<>();
        all.forEach(r -> problems.addAll(contract.problems(r)));
        assertThat(problems).as("contract violations among %d messages", all.size()).isEmpty();

        assertThat(all).as("birth").anySatisfy(r -> {
            assertThat(r.topic()).isEqualTo("stations/" + id + "/station/birth");
            assertThat(body(r).path("devices").size()).isGreaterThan(0);
        });
        assertThat(all).as("live status ONLINE").anySatisfy(r -> {
            assertThat(r.topic()).isEqualTo("stations/" + id + "/station/status");
            assertThat(body(r).path("state").asText()).isEqualTo("ONLINE");
            assertThat(body(r).path("session").asLong()).isGreaterThanOrEqualTo(1);
        });
        Set<String> devices = new LinkedHashSet<>();
        station.agent().frameDevices().forEach(d -> devices.add(d.name()));
        station.agent().vehicles().forEach(v -> devices.add(v.name()));
        devices.add("station");
        Set<String> withTelemetry = new LinkedHashSet<>();
        all.stream().filter(r -> r.topicClass().equals("telemetry")).forEach(r -> withTelemetry.add(body(r).path("device").asText()));
        assertThat(withTelemetry).as("telemetry for every device").containsAll(devices);
        all.stream().filter(r -> r.topicClass().equals("telemetry"))
                .forEach(r -> assertThat(r.topic()).isEqualTo("stations/" + id + "/" + body(r).path("device").asText() + "/telemetry"));
        assertThat(all).as("the nest's firmware event").anySatisfy(r -> {
            assertThat(r.topic()).isEqualTo("stations/" + id + "/nest/events");
            assertThat(body(r).path("code").asText()).isEqualTo("firmware.0x0b0b");
            assertThat(body(r).path("severity").asText()).isEqualTo("WARNING");
            assertThat(body(r).path("text").asText()).isEqualTo("door contact open");
        });
        assertThat(all).as("the unsigned command's refusal").anyMatch(r -> r.topicClass().equals("events")
                && body(r).path("code").asText().equals("command.rejected"));
        assertThat(all.stream().filter(r -> r.topicClass().equals("replies")).map(r -> body(r).path("state").asText()))
                .as("replies").contains("accepted", "succeeded", "rejected");

        checkCaptures(station, all);
    }

    /** Rebuilds each capture's image (inline or from its chunks) and checks its hash three ways. */
    private static void checkCaptures(Station station, List<CentralView.Received> all) throws Exception {
        Map<String, TreeMap<Integer, JsonNode>> chunks = new HashMap<>();
        for (CentralView.Received r : all) {
            if (r.topicClass().equals("chunks")) {
                JsonNode c = body(r);
                chunks.computeIfAbsent(c.path("captureId").asText(), k -> new TreeMap<>()).put(c.path("index").asInt(), c);
            }
        }
        // what the simulated cameras made: "<id> <class> [plate] <first 8 bytes of the sha-256 in hex>"
        Map<String, String> generatedClassBySha = new HashMap<>();
        for (SimCamera cam : station.rig().cameras()) {
            for (String g : cam.generated()) {
                String[] parts = g.split(" ");
                generatedClassBySha.put(parts[parts.length - 1], parts[1]);
            }
        }
        List<JsonNode> captures = all.stream().filter(r -> r.topicClass().equals("captures")).map(UplinkContractScenario::body)
                .toList();
        assertThat(captures).as("captures").isNotEmpty();
        for (JsonNode c : captures) {
            JsonNode image = c.path("image");
            byte[] jpeg;
            if (image.has("inline")) {
                jpeg = Base64.getDecoder().decode(image.path("inline").asText());
            } else {
                TreeMap<Integer, JsonNode> parts = chunks.get(c.path("captureId").asText());
                assertThat(parts).as("chunks of %s", c.path("captureId")).isNotNull().hasSize(image.path("chunks").asInt());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (JsonNode part : parts.values()) {
                    byte[] data = Base64.getDecoder().decode(part.path("data").asText());
                    assertThat(sha256(data)).as("chunk %s/%s own hash", part.path("captureId"), part.path("index"))
                            .isEqualTo(part.path("sha256").asText());
                    out.write(data);
                }
                jpeg = out.toByteArray();
            }
            String sha = image.path("sha256").asText();
            assertThat(jpeg).as("capture %s image size", c.path("captureId")).hasSize(image.path("bytes").asInt());
            assertThat(sha256(jpeg)).as("capture %s image hash", c.path("captureId")).isEqualTo(sha);
            assertThat(jpeg).startsWith(0xFF, 0xD8);   // a JPEG's SOI marker
            assertThat(generatedClassBySha.get(sha.substring(0, 16))).as("capture %s was made by a simulated camera",
                    c.path("captureId")).isEqualTo(c.path("class").asText());
        }
    }

    private static JsonNode body(CentralView.Received r) {
        try {
            return JSON.readTree(r.payload()).path("body");
        } catch (IOException e) {
            throw new AssertionError(r.topic() + ": not JSON", e);
        }
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}

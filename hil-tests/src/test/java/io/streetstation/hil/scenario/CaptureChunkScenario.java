package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.central.ContractValidator;
import io.streetstation.hil.rig.SimCamera;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A capture's image in chunks, end to end. The simulated cameras make 1–3 KB images, far under the
 * station file's inline limit, so on the virtual rig every image travelled inline and the chunked
 * path (the one real cameras' images take) never ran. Here the inline limit is below every image
 * and the chunks are small, so each capture is an announcement plus several chunks, and central
 * must get, for every capture the cameras made while it listened, every chunk once, each keeping
 * the contract and its own SHA-256, and rebuild from them exactly the image the camera produced.
 */
@ExtendWith(StationExtension.class)
@UplinkImages(inlineMaxBytes = CaptureChunkScenario.INLINE_MAX, chunkBytes = CaptureChunkScenario.CHUNK)
class CaptureChunkScenario {

    static final int INLINE_MAX = 512;
    static final int CHUNK = 256;
    private static final int CAPTURES_PER_CAMERA = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCapture_arrivesInCompleteChunks_thatRebuildTheCamerasImage(Station station) throws Exception {
        List<SimCamera> cameras = station.rig().cameras();
        Assumptions.assumeFalse(cameras.isEmpty(), "needs the rig's simulated cameras: their images are the reference");
        Central central = new Central();
        station.central().addListener(central.inbox::add);
        // what the cameras make from now on: everything about it reaches central after this point
        int[] from = cameras.stream().mapToInt(c -> c.generated().size()).toArray();

        Duration generous = Duration.ofMinutes(5).plus(station.realSlack(Duration.ofSeconds(60)));
        station.await(CAPTURES_PER_CAMERA + " captures by each camera", generous,
                () -> IntStream.range(0, from.length).allMatch(i -> cameras.get(i).generated().size() - from[i] >= CAPTURES_PER_CAMERA));
        List<String> made = new ArrayList<>();
        IntStream.range(0, from.length).forEach(i -> {
            List<String> g = cameras.get(i).generated();
            made.addAll(g.subList(from[i], g.size()));
        });
        station.await("central has all chunks of the " + made.size() + " captures made", generous,
                () -> central.update().missing(made).isEmpty());

        central.update();
        assertThat(central.contractProblems()).as("contract violations among captures and chunks").isEmpty();
        Set<String> everMade = new HashSet<>();
        cameras.forEach(c -> everMade.addAll(c.generated()));
        assertThat(central.captures.values()).as("captures central got that no simulated camera made")
                .allSatisfy(c -> assertThat(everMade).contains(cameraLine(c)));
        for (JsonNode capture : central.captures.values()) {
            if (made.contains(cameraLine(capture))) {
                checkCapture(central, capture);
            }
        }
    }

    /**
     * One capture: announced with a chunk count and no inline image, its chunks exactly indices
     * 0..n-1 each from one message, of the configured size, each hashing to its own SHA-256, and
     * together the image the announcement (and so the camera's record) names.
     */
    private static void checkCapture(Central central, JsonNode capture) throws Exception {
        String id = capture.path("captureId").asText();
        JsonNode image = capture.path("image");
        int bytes = image.path("bytes").asInt();
        int count = image.path("chunks").asInt();
        assertThat(bytes).as("%s image size", id).isGreaterThan(INLINE_MAX);
        assertThat(image.has("inline")).as("%s sent inline", id).isFalse();
        assertThat(count).as("%s chunk count", id).isEqualTo((bytes + CHUNK - 1) / CHUNK);

        Map<Integer, Set<String>> messagesPerIndex = central.messagesPerIndex.getOrDefault(id, Map.of());
        assertThat(messagesPerIndex.keySet()).as("%s chunk indices", id)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
        messagesPerIndex.forEach((index, ids) -> assertThat(ids).as("%s chunk %d: distinct messages", id, index).hasSize(1));

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (JsonNode chunk : central.chunks.get(id).values()) {
            int index = chunk.path("index").asInt();
            byte[] data = Base64.getDecoder().decode(chunk.path("data").asText());
            assertThat(chunk.path("count").asInt()).as("%s chunk %d count", id, index).isEqualTo(count);
            assertThat(data.length).as("%s chunk %d size", id, index).isEqualTo(index < count - 1 ? CHUNK : bytes - CHUNK * (count - 1));
            assertThat(sha256(data)).as("%s chunk %d own hash", id, index).isEqualTo(chunk.path("sha256").asText());
            whole.write(data);
        }
        byte[] jpeg = whole.toByteArray();
        assertThat(jpeg).as("%s rebuilt image size", id).hasSize(bytes);
        assertThat(sha256(jpeg)).as("%s rebuilt image hash", id).isEqualTo(image.path("sha256").asText());
        assertThat(jpeg).as("%s starts as a JPEG", id).startsWith(0xFF, 0xD8);
        assertThat(jpeg).as("%s ends as a JPEG", id).endsWith(0xFF, 0xD9);
    }

    /**
     * What central got, gathered on the test thread from the view's listener queue (the Paho thread
     * only queues): captures by id, and their chunks by capture id and index. A re-sent chunk (same
     * message id, at-least-once delivery) counts once, as central de-duplicates by id; two different
     * messages for one chunk would be a second copy.
     */
    private static final class Central {
        final Queue<CentralView.Received> inbox = new ConcurrentLinkedQueue<>();
        final List<CentralView.Received> seen = new ArrayList<>();
        final Map<String, JsonNode> captures = new HashMap<>();
        final Map<String, TreeMap<Integer, JsonNode>> chunks = new HashMap<>();
        final Map<String, Map<Integer, Set<String>>> messagesPerIndex = new HashMap<>();

        Central update() {
            for (CentralView.Received r; (r = inbox.poll()) != null; ) {
                if (r.topicClass().equals("captures") || r.topicClass().equals("chunks")) {
                    seen.add(r);
                    add(r.topicClass(), envelope(r));
                }
            }
            return this;
        }

        private void add(String topicClass, JsonNode envelope) {
            JsonNode body = envelope.path("body");
            String capture = body.path("captureId").asText();
            if (topicClass.equals("captures")) {
                captures.put(capture, body);
                return;
            }
            int index = body.path("index").asInt();
            chunks.computeIfAbsent(capture, k -> new TreeMap<>()).put(index, body);
            messagesPerIndex.computeIfAbsent(capture, k -> new TreeMap<>()).computeIfAbsent(index, k -> new HashSet<>())
                    .add(envelope.path("id").asText());
        }

        /** Announced, and as many distinct chunk indices received as announced. */
        private boolean complete(JsonNode capture) {
            int count = capture.path("image").path("chunks").asInt(-1);
            return count > 0 && chunks.getOrDefault(capture.path("captureId").asText(), new TreeMap<>()).size() >= count;
        }

        /**
         * The captures of {@code made} (SimCamera lines; as a multiset, two cameras could make the
         * same line) central does not have complete yet.
         */
        List<String> missing(List<String> made) {
            Map<String, Long> have = captures.values().stream().filter(this::complete)
                    .collect(Collectors.groupingBy(CaptureChunkScenario::cameraLine, Collectors.counting()));
            Map<String, Long> need = made.stream().collect(Collectors.groupingBy(line -> line, Collectors.counting()));
            return need.entrySet().stream().filter(e -> have.getOrDefault(e.getKey(), 0L) < e.getValue())
                    .map(Map.Entry::getKey).toList();
        }

        List<String> contractProblems() {
            ContractValidator contract = new ContractValidator();
            List<String> problems = new ArrayList<>();
            seen.forEach(r -> problems.addAll(contract.problems(r)));
            return problems;
        }
    }

    /**
     * The line SimCamera keeps for a capture, rebuilt from the announcement: the camera's capture
     * number (the captureId is {@code <camera>-<camera id>-<capture no>-<timestamp>}), class, plate
     * if any, and the first 8 bytes of the image's SHA-256 in hex.
     */
    private static String cameraLine(JsonNode capture) {
        String[] id = capture.path("captureId").asText().split("-");
        String plate = capture.path("plate").asText("");
        return id[id.length - 2] + " " + capture.path("class").asText() + (plate.isEmpty() ? "" : " " + plate) + " "
                + capture.path("image").path("sha256").asText().substring(0, 16);
    }

    private static JsonNode envelope(CentralView.Received r) {
        try {
            return JSON.readTree(r.payload());
        } catch (IOException e) {
            throw new AssertionError(r.topic() + ": not JSON", e);
        }
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}

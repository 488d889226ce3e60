package io.streetstation.bridge.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.frame.image.ImageAssembler;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.ImageChunk;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.link.MemoryLink;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A camera in device role sends capture records and JPEG chunks; the agent reassembles and checks
 * them: the way the virtual rig's camera simulator will use the endpoint.
 */
class CameraOverEndpointTest {

    static final int CAMERA = StationAddress.camera(0);
    static final Duration WAIT = Duration.ofSeconds(5);

    final ManualClock clock = new ManualClock();
    final MemoryLink[] links = MemoryLink.pair("agent", "camera-0");
    final List<ImageAssembler.Outcome> outcomes = new CopyOnWriteArrayList<>();
    final ImageAssembler assembler = new ImageAssembler(clock, ImageAssembler.Limits.defaults(), outcomes::add);

    final FrameEndpoint camera = new FrameEndpoint(links[1], clock, EndpointConfig.device(CAMERA,
            new PeerIdentity(Role.DEVICE, DeviceKind.FIXED_CAMERA, 0xC0FFEEL, new FirmwareVersion(1, 4, 2), 1, "CAM-A")),
            m -> Verdict.accepted());
    final FrameEndpoint agent = new FrameEndpoint(links[0], clock, EndpointConfig.agent(FrameEndpointTest.AGENT_ID, CAMERA),
            m -> switch (m.message()) {
                case CaptureRecord r -> assembler.begin(m.source(), r);
                case ImageChunk c -> assembler.accept(m.source(), c);
                default -> Verdict.refused("not expected from a camera");
            });

    @AfterEach
    void close() {
        agent.close();
        camera.close();
    }

    void connect() {
        camera.start();
        agent.start();
        assertThat(agent.session(CAMERA)).succeedsWithin(WAIT);
        assertThat(camera.session(StationAddress.AGENT)).succeedsWithin(WAIT);
    }

    static byte[] jpeg(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    CaptureRecord record(long id, byte[] image, byte[] sha) {
        return new CaptureRecord(0, id, CaptureRecord.ObjectClass.VEHICLE, 9500,
                new CaptureRecord.BoundingBox(10, 20, 300, 200), 1_767_225_600_000L, image.length,
                sha, ImageAssembler.split(id, image).size(), "鲁C12345",
                List.of(new CaptureRecord.Attribute("colour", "white")));
    }

    void sendAll(List<ImageChunk> chunks) {
        for (ImageChunk c : chunks) {
            assertThat(camera.send(StationAddress.AGENT, c)).succeedsWithin(WAIT);
        }
    }

    @Test
    void capture_isReassembled_andVerified() {
        connect();
        byte[] image = jpeg(20_000);
        assertThat(camera.send(StationAddress.AGENT, record(1, image, ImageAssembler.sha256(image))))
                .succeedsWithin(WAIT);
        sendAll(ImageAssembler.split(1, image));
        Await.until("image assembled", () -> !outcomes.isEmpty());
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Assembled.class, a -> {
            assertThat(a.jpeg()).containsExactly(image);
            assertThat(a.source()).isEqualTo(CAMERA);
            assertThat(a.record().plate()).isEqualTo("鲁C12345");
        });
    }

    @Test
    void corruptedChunk_isReportedAsHashMismatch() {
        connect();
        byte[] image = jpeg(5000);
        byte[] sha = ImageAssembler.sha256(image);
        camera.send(StationAddress.AGENT, record(2, image, sha)).join();
        List<ImageChunk> chunks = ImageAssembler.split(2, image);
        byte[] bad = chunks.get(2).data();
        bad[0] ^= 0x40;  // corrupted in the camera's memory, so the frame CRC is fine
        sendAll(List.of(chunks.get(0), chunks.get(1), new ImageChunk(2, 2, chunks.size(), bad),
                chunks.get(3), chunks.get(4)));
        Await.until("outcome", () -> !outcomes.isEmpty());
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Failed.class,
                f -> assertThat(f.failure()).isEqualTo(ImageAssembler.Failure.HASH_MISMATCH));
    }

    @Test
    void missingChunk_isReportedAsTimeout() {
        connect();
        byte[] image = jpeg(3000);
        camera.send(StationAddress.AGENT, record(3, image, ImageAssembler.sha256(image))).join();
        List<ImageChunk> chunks = ImageAssembler.split(3, image);
        sendAll(List.of(chunks.get(0), chunks.get(2)));
        clock.advance(Duration.ofSeconds(30));
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ImageAssembler.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(ImageAssembler.Failure.TIMED_OUT);
            assertThat(f.detail()).contains("[1]");
        });
    }

    @Test
    void chunkForUnknownCapture_isRefusedToTheCamera() {
        connect();
        CompletableFuture<Delivery> f = camera.send(StationAddress.AGENT, new ImageChunk(99, 0, 1, new byte[] {1}));
        assertThat(FrameEndpointTest.failureOf(f)).isInstanceOfSatisfying(FrameRefusedException.class,
                e -> assertThat(e.detail()).isEqualTo("unknown capture 99"));
    }
}

package io.streetstation.agent.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.bridge.frame.Delivery;
import io.streetstation.bridge.frame.EndpointConfig;
import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.FrameRefusedException;
import io.streetstation.bridge.frame.NakReason;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.image.ImageAssembler;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.ImageChunk;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.link.SerialConfig;
import io.streetstation.bridge.link.SerialLink;
import io.streetstation.bridge.link.VirtualSerialCable;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera's capture hand-over through {@link FrameBusMonitor} is loss-free on the production
 * serial path: a camera {@link FrameEndpoint} in device role on the device end of a real
 * pseudo-terminal pair ({@link VirtualSerialCable}), the agent's monitor on a jssc
 * {@link SerialLink} opening the cable's path, as {@code StationRuntime} opens a bus.
 *
 * <p>What it proves, and why it matters: the camera deletes an image once its last chunk is ACKed,
 * so that ACK must mean "stored durably", not "received". Here the listener's store stage is held
 * by the test, and the test shows that (1) the record and every other chunk are ACKed at once but
 * the last chunk's ACK waits for the store — and a camera retry meanwhile neither gets an answer
 * nor stores the capture twice — then arrives when the store completes, with exactly the camera's
 * bytes handed over; (2) a store that fails reaches the camera as NAK {@code REFUSED} naming the
 * reason, so the camera keeps the image; (3) a pending store does not stall the bus: the camera's
 * other messages and a whole second capture are delivered and ACKed meanwhile; (4) a capture
 * without an image (record only) is ACKed only once stored, and its store never holds up another
 * capture's chunks.
 *
 * <p>Clock: both endpoints, the image assembler and the serial link run on a {@link ManualClock}
 * that the test moves only during the handshake (to repeat a HELLO that went out before the port
 * was open). Afterwards it stands still, so no ACK timeout can expire and no retry can fail or
 * blur a send while a store is pending — "not answered yet" is then only the deferral under test,
 * never a timeout; the one retry checked is made on purpose by advancing the clock by one ACK
 * timeout. The pty itself is real, so waits are real-time polls with generous limits for a loaded
 * CI box, and the one absence check ("the last chunk is not answered") waits a settle time after
 * everything it depends on has been seen to happen.
 */
class FrameBusMonitorCaptureTest {

    static final int CAMERA = StationAddress.camera(0);
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Real time given to an answer that must NOT come, after everything before it has arrived. */
    static final Duration SETTLE = Duration.ofMillis(300);

    static final PeerIdentity AGENT_ID = new PeerIdentity(Role.AGENT, DeviceKind.AGENT, 0xA6E17L,
            new FirmwareVersion(0, 1, 0), 0, "agent-test");
    static final PeerIdentity CAMERA_ID = new PeerIdentity(Role.DEVICE, DeviceKind.FIXED_CAMERA, 0xC0FFEEL,
            new FirmwareVersion(3, 0, 7), 0, "CAM-1");

    /** What the listener was handed, with the store stage the test completes. */
    record Captured(String device, CaptureRecord record, byte[] jpeg, CompletableFuture<Void> store) {
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    /** How the listener stores an event: at once unless a test says otherwise. */
    private volatile java.util.function.Function<DeviceEvent, CompletionStage<Void>> eventStore =
            e -> CompletableFuture.completedFuture(null);
    private VirtualSerialCable cable;
    private FrameEndpoint camera;
    private FrameBusMonitor monitor;

    @BeforeEach
    void connect() throws Exception {
        cable = VirtualSerialCable.plugIn("rs485", dir, clock);
        camera = new FrameEndpoint(cable.deviceEnd(), clock, EndpointConfig.device(CAMERA, CAMERA_ID),
                in -> Verdict.accepted());
        camera.start();
        StationConfig.FrameBus bus = new StationConfig.FrameBus("rs485",
                new StationConfig.Port(cable.path().toString(), SerialConfig.BaudRate.B115200),
                List.of(new StationConfig.FrameDevice("camera-1", CAMERA)));
        monitor = new FrameBusMonitor(bus, new SerialLink("rs485", SerialConfig.of(cable.path().toString()), clock),
                clock, AGENT_ID);
        monitor.setListener(new FrameBusMonitor.Listener() {
            @Override
            public CompletionStage<Void> deviceEvent(FrameDeviceMonitor device, DeviceEvent event) {
                events.add(event);
                return eventStore.apply(event);
            }

            @Override
            public CompletionStage<Void> captured(FrameDeviceMonitor device, CaptureRecord record, byte[] jpeg) {
                CompletableFuture<Void> store = new CompletableFuture<>();
                captured.add(new Captured(device.name(), record, jpeg, store));
                return store;
            }
        });
        // the first greeting may go out before the serial port is open: moving the clock repeats it
        awaitUntil("session between agent and camera over the pty", () -> {
            if (!established()) {
                clock.advance(Duration.ofMillis(200));
            }
            return established();
        });
    }

    private boolean established() {
        return monitor.endpoint().peerSession(CAMERA).isEstablished()
                && camera.peerSession(StationAddress.AGENT).isEstablished();
    }

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        if (camera != null) {
            camera.close();
        }
        if (cable != null) {
            cable.close();
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void lastChunk_isAckedOnlyWhenTheCaptureIsStored_andTheListenerGetsTheCamerasBytes() throws Exception {
        byte[] image = jpeg(3 * ImageChunk.MAX_DATA + 321, 1);
        sendAllButLastChunk(1, image);
        long acksBefore = monitor.endpoint().statistics().acksSent();
        long naksBefore = monitor.endpoint().statistics().naksSent();

        CompletableFuture<Delivery> last = sendLastChunk(1, image);
        awaitUntil("capture 1 handed to the listener", () -> captured.size() == 1);
        awaitUntil("the last chunk's answer deferred", () -> monitor.endpoint().statistics().deferredAnswers() == 1);
        settle();
        assertThat(last).as("last chunk answered while the store is pending").isNotDone();
        assertThat(monitor.endpoint().statistics().acksSent()).isEqualTo(acksBefore);
        assertThat(monitor.endpoint().statistics().naksSent()).isEqualTo(naksBefore);

        // the camera's retry meanwhile is a duplicate: no answer yet, and the capture is not stored twice
        long duplicatesBefore = monitor.endpoint().statistics().duplicates();
        clock.advance(EndpointConfig.DEFAULT_ACK_TIMEOUT);
        awaitUntil("the camera's retry seen as a duplicate",
                () -> monitor.endpoint().statistics().duplicates() == duplicatesBefore + 1);
        assertThat(last).isNotDone();
        assertThat(captured).hasSize(1);

        Captured c = captured.get(0);
        c.store().complete(null);
        assertThat(last).succeedsWithin(WAIT).extracting(Delivery::attempts).isEqualTo(2);

        assertThat(c.device()).isEqualTo("camera-1");
        assertThat(c.record().captureId()).isEqualTo(1);
        assertThat(ImageAssembler.sha256(c.jpeg())).isEqualTo(ImageAssembler.sha256(image));
        assertThat(c.jpeg()).hasSize(image.length);
        assertThat(monitor.endpoint().statistics().deferredAnswers()).isEqualTo(1);
        assertThat(monitor.devices()).singleElement()
                .satisfies(d -> assertThat(d.capturesVerified()).isEqualTo(1));
    }

    @Test
    void storeThatFails_isNakedRefusedToTheCamera_withTheReason() throws Exception {
        byte[] image = jpeg(2 * ImageChunk.MAX_DATA + 7, 2);
        CompletableFuture<Delivery> last = firstCaptureAwaitingItsStore(2, image);
        assertThat(last).isNotDone();

        captured.get(0).store().completeExceptionally(new IllegalStateException("outbox full"));

        assertThat(failureOf(last)).isInstanceOfSatisfying(FrameRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(NakReason.REFUSED);
            assertThat(e.detail()).contains("capture not stored").contains("outbox full");
        });
        assertThat(captured).hasSize(1);
    }

    @Test
    void pendingStore_doesNotStallTheBus() throws Exception {
        byte[] first = jpeg(2 * ImageChunk.MAX_DATA + 100, 3);
        CompletableFuture<Delivery> firstLast = firstCaptureAwaitingItsStore(3, first);

        // another kind of message is delivered and ACKed meanwhile
        DeviceEvent event = new DeviceEvent(0x0102, DeviceEvent.Severity.WARNING, "lens fogged");
        assertThat(camera.send(StationAddress.AGENT, event)).succeedsWithin(WAIT);
        assertThat(events).containsExactly(event);

        // and a whole second capture goes through, stored and ACKed, before the first is stored
        byte[] second = jpeg(ImageChunk.MAX_DATA + 55, 4);
        sendAllButLastChunk(4, second);
        CompletableFuture<Delivery> secondLast = sendLastChunk(4, second);
        awaitUntil("capture 4 handed to the listener", () -> captured.size() == 2);
        Captured c4 = captured.get(1);
        assertThat(c4.record().captureId()).isEqualTo(4);
        assertThat(ImageAssembler.sha256(c4.jpeg())).isEqualTo(ImageAssembler.sha256(second));
        c4.store().complete(null);
        assertThat(secondLast).succeedsWithin(WAIT);

        assertThat(firstLast).as("the first capture is still not stored").isNotDone();
        captured.get(0).store().complete(null);
        assertThat(firstLast).succeedsWithin(WAIT);
        assertThat(ImageAssembler.sha256(captured.get(0).jpeg())).isEqualTo(ImageAssembler.sha256(first));
        assertThat(monitor.endpoint().statistics().deferredAnswers()).as("two last chunks and the event").isEqualTo(3);
    }

    @Test
    void deviceEvent_isAckedOnlyWhenStored_andNakedWithTheReasonWhenNot() throws Exception {
        CompletableFuture<Void> store = new CompletableFuture<>();
        eventStore = e -> store;
        CompletableFuture<Delivery> sent = camera.send(StationAddress.AGENT,
                new DeviceEvent(0x0103, DeviceEvent.Severity.FAULT, "heater failed"));
        awaitUntil("the event handed to the listener", () -> events.size() == 1);
        awaitUntil("its answer deferred", () -> monitor.endpoint().statistics().deferredAnswers() == 1);
        settle();
        assertThat(sent).as("not ACKed before it is stored").isNotDone();
        store.complete(null);
        assertThat(sent).succeedsWithin(WAIT);

        eventStore = e -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
        assertThat(failureOf(camera.send(StationAddress.AGENT,
                new DeviceEvent(0x0104, DeviceEvent.Severity.WARNING, "lens fogged"))))
                .isInstanceOfSatisfying(FrameRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(NakReason.REFUSED);
                    assertThat(e.detail()).contains("event not stored").contains("disk full");
                });
    }

    @Test
    void captureWithoutImage_isAckedOnlyWhenStored_andDoesNotHoldAnotherCapturesChunks() throws Exception {
        CaptureRecord noImage = record(5, new byte[0]);
        CompletableFuture<Delivery> recordSent = camera.send(StationAddress.AGENT, noImage);
        awaitUntil("capture 5 (no image) handed to the listener", () -> captured.size() == 1);
        assertThat(captured.get(0).jpeg()).isEmpty();
        awaitUntil("the record's answer deferred", () -> monitor.endpoint().statistics().deferredAnswers() == 1);

        // the next capture's record and chunks are not held by capture 5's pending store
        byte[] image = jpeg(2 * ImageChunk.MAX_DATA + 1, 6);
        sendAllButLastChunk(6, image);
        CompletableFuture<Delivery> last = sendLastChunk(6, image);
        awaitUntil("capture 6 handed to the listener", () -> captured.size() == 2);
        captured.get(1).store().complete(null);
        assertThat(last).succeedsWithin(WAIT);

        assertThat(recordSent).as("the record without image answered before it was stored").isNotDone();
        captured.get(0).store().completeExceptionally(new IllegalStateException("outbox full"));
        assertThat(failureOf(recordSent)).isInstanceOfSatisfying(FrameRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(NakReason.REFUSED);
            assertThat(e.detail()).contains("capture not stored").contains("outbox full");
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Sends the record and every chunk but the last, each ACKed before the next goes out. */
    /**
     * Sends the test's first capture whole and waits until the listener has it and its last
     * chunk's answer is deferred; returns that last chunk's send.
     */
    private CompletableFuture<Delivery> firstCaptureAwaitingItsStore(long id, byte[] image) {
        sendAllButLastChunk(id, image);
        CompletableFuture<Delivery> last = sendLastChunk(id, image);
        awaitUntil("capture " + id + " handed to the listener", () -> captured.size() == 1);
        awaitUntil("its last chunk's answer deferred", () -> monitor.endpoint().statistics().deferredAnswers() == 1);
        return last;
    }

    private void sendAllButLastChunk(long id, byte[] image) {
        assertThat(camera.send(StationAddress.AGENT, record(id, image))).as("record of capture %d", id)
                .succeedsWithin(WAIT);
        List<ImageChunk> chunks = ImageAssembler.split(id, image);
        assertThat(chunks).hasSizeGreaterThan(1);
        for (ImageChunk c : chunks.subList(0, chunks.size() - 1)) {
            assertThat(camera.send(StationAddress.AGENT, c)).as("chunk %d of capture %d", c.index(), id)
                    .succeedsWithin(WAIT);
        }
    }

    /** Sends the chunk that completes the capture; its answer is what the tests watch. */
    private CompletableFuture<Delivery> sendLastChunk(long id, byte[] image) {
        List<ImageChunk> chunks = ImageAssembler.split(id, image);
        return camera.send(StationAddress.AGENT, chunks.get(chunks.size() - 1));
    }

    static CaptureRecord record(long id, byte[] image) {
        return new CaptureRecord(0, id, CaptureRecord.ObjectClass.VEHICLE, 9500,
                new CaptureRecord.BoundingBox(10, 20, 300, 200), 1_767_225_600_000L + id, image.length,
                ImageAssembler.sha256(image), image.length == 0 ? 0 : ImageAssembler.split(id, image).size(),
                "鲁C12345", List.of(new CaptureRecord.Attribute("colour", "white")));
    }

    static byte[] jpeg(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        return b;
    }

    /** The failure of {@code f}, which must fail within {@link #WAIT}. */
    static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            Object v = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, completed with " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("neither completed nor failed within " + WAIT.toSeconds() + " s", e);
        }
    }

    /** Real time for an answer that must not come; only after all it depends on was seen. */
    static void settle() {
        long until = System.nanoTime() + SETTLE.toNanos();
        for (long left = SETTLE.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Polls until {@code condition} holds: the pty's reader threads deliver asynchronously. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}

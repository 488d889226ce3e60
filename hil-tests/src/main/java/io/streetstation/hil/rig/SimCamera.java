package io.streetstation.hil.rig;

import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.Inbound;
import io.streetstation.bridge.frame.MessageHandler;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.image.ImageAssembler;
import io.streetstation.bridge.frame.msg.CaptureRecord;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.ImageChunk;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.time.StationClock;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A fixed structured camera ("no-touch" capture), simulated: every capture period it sees a
 * person or a vehicle (with a plate), and sends the capture record followed by a small generated
 * JPEG in chunks, each reliably, so the agent can verify the image against the record's SHA-256.
 */
public final class SimCamera implements MessageHandler, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("sim");
    private static final String[] PLATES = {"鲁C12345", "鲁C8K2Q1", "鲁CD0921", "鲁A7F3M9"};

    private final int address;
    private final StationClock clock;
    private final FrameEndpoint endpoint;
    private final StationClock.Timer timer;
    private final Random random;
    private final AtomicLong nextCapture = new AtomicLong(1);
    private final AtomicLong captures = new AtomicLong();
    /** What was captured, in order: "id class plate sha256-prefix" (the last 10,000). */
    private final java.util.Deque<String> generated = new java.util.ArrayDeque<>();

    public SimCamera(Link bus, int address, StationClock clock, Duration capturePeriod, long seed) {
        this.address = address;
        this.clock = clock;
        this.random = new Random(seed);
        long bootId = 1 + (seed & 0x7FFF_FFFFL);
        PeerIdentity me = new PeerIdentity(Role.DEVICE, DeviceKind.FIXED_CAMERA, bootId, new FirmwareVersion(3, 0, 7), 0,
                String.format("CAM-SIM-%02X", address));
        this.endpoint = new FrameEndpoint(bus, clock, SimEndpoints.device(address, me, clock), this);
        endpoint.start();
        this.timer = clock.scheduleAtFixedRate(capturePeriod, capturePeriod, this::capture);
    }

    /** Captures sent so far (record and every chunk acknowledged or not). */
    public long captures() {
        return captures.get();
    }

    /** The camera firmware's own link figures (retransmissions it had to make, ...). */
    public io.streetstation.bridge.frame.EndpointStatistics statistics() {
        return endpoint.statistics();
    }

    /** The captures made so far, in order (the last 10,000): the seed decides them all. */
    public List<String> generated() {
        synchronized (generated) {
            return List.copyOf(generated);
        }
    }

    @Override
    public Verdict onMessage(Inbound in) {
        return Verdict.refused("camera 0x" + Integer.toHexString(address) + " takes no commands yet");
    }

    private void capture() {
        if (!endpoint.peerSession(StationAddress.AGENT).isEstablished()) {
            return;
        }
        boolean vehicle;
        String plate;
        byte[] jpeg;
        long id = nextCapture.getAndIncrement();
        synchronized (random) {
            vehicle = random.nextBoolean();
            plate = vehicle ? PLATES[random.nextInt(PLATES.length)] : "";
            jpeg = jpeg(vehicle, random);
        }
        List<ImageChunk> chunks = ImageAssembler.split(id, jpeg);
        synchronized (generated) {
            generated.addLast(id + " " + (vehicle ? "VEHICLE " + plate : "PERSON") + " "
                    + java.util.HexFormat.of().formatHex(ImageAssembler.sha256(jpeg), 0, 8));
            if (generated.size() > 10_000) {
                generated.removeFirst();
            }
        }
        CaptureRecord record = new CaptureRecord(address - StationAddress.CAMERA_FIRST + 1, id,
                vehicle ? CaptureRecord.ObjectClass.VEHICLE : CaptureRecord.ObjectClass.PERSON, 9000 + (int) (id % 900),
                new CaptureRecord.BoundingBox(40, 30, 120, 90), clock.now().toEpochMilli(), jpeg.length,
                ImageAssembler.sha256(jpeg), chunks.size(), plate,
                vehicle ? List.of(new CaptureRecord.Attribute("colour", "white"), new CaptureRecord.Attribute("type", "sedan"))
                        : List.of(new CaptureRecord.Attribute("upper", "dark jacket"), new CaptureRecord.Attribute("bag", "backpack")));
        endpoint.send(StationAddress.AGENT, record).thenRun(() -> {
            for (ImageChunk c : chunks) {
                endpoint.send(StationAddress.AGENT, c);
            }
            captures.incrementAndGet();
        }).exceptionally(e -> {
            LOG.debug("camera 0x{}: capture {} not delivered: {}", Integer.toHexString(address), id, e.toString());
            return null;
        });
    }

    /** A small scene: a box where the subject is, noise elsewhere; 1–3 KB as JPEG. */
    static byte[] jpeg(boolean vehicle, Random random) {
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60 + random.nextInt(40), 60 + random.nextInt(40), 70));
        g.fillRect(0, 0, 160, 120);
        g.setColor(vehicle ? Color.WHITE : new Color(200, 160, 120));
        g.fillRect(40, 30, 120 - 40, 90 - 30);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.cancel();
        endpoint.close();
    }
}

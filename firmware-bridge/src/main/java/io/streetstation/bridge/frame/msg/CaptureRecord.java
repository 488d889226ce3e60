package io.streetstation.bridge.frame.msg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * CAPTURE_RECORD 0x0300, camera to agent: one structured "no-touch" capture; its JPEG follows in
 * {@link ImageChunk}s (PROTOCOL.md §5.4).
 *
 * @param cameraId sensor on this device, 0..255
 * @param captureId unique per camera per boot, 0..2^32-1
 * @param confidenceCentiPct 0.01 %, 0..10000
 * @param timestampMs ms since the epoch, &gt; 0
 * @param imageLength JPEG bytes, 0..{@link #MAX_IMAGE}; 0 = no image
 * @param sha256 32 bytes; all zero when there is no image
 * @param chunkCount 0 without image, else ceil(len/1016)..min(len, 65535)
 * @param plate 0..16 UTF-8 bytes; empty for a person
 * @param attributes 0..16 key=value pairs, keys 1..24 bytes without '=', unique; values 0..32
 */
public record CaptureRecord(int cameraId, long captureId, ObjectClass objectClass,
                            int confidenceCentiPct, BoundingBox box, long timestampMs,
                            long imageLength, byte[] sha256, int chunkCount, String plate,
                            List<Attribute> attributes) implements StationMessage {

    public static final MessageType<CaptureRecord> TYPE = new MessageType<>(0x0300,
            "CAPTURE_RECORD", CaptureRecord.class, AckPolicy.ALWAYS, CaptureRecord::read);

    /** Largest image, bytes (4 MiB). */
    public static final long MAX_IMAGE = 4L * 1024 * 1024;
    public static final int MAX_ATTRIBUTES = 16;

    public enum ObjectClass implements WireEnum {
        PERSON(1), VEHICLE(2), NON_MOTOR_VEHICLE(3);

        private final int code;

        ObjectClass(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** Bounding box in image pixels, each 0..65535. */
    public record BoundingBox(int x, int y, int width, int height) {
        public BoundingBox {
            Check.range("box x", x, 0, 0xFFFF);
            Check.range("box y", y, 0, 0xFFFF);
            Check.range("box width", width, 0, 0xFFFF);
            Check.range("box height", height, 0, 0xFFFF);
        }
    }

    /** One structured attribute ("colour" = "red"). */
    public record Attribute(String key, String value) {
        public Attribute {
            Check.str("attribute key", key, 24);
            Check.str("attribute value", value, 32);
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new BadPayloadException("attribute key must be 1..24 bytes without '='");
            }
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    public CaptureRecord {
        Check.range("camera id", cameraId, 0, 255);
        Check.range("capture id", captureId, 0, 0xFFFF_FFFFL);
        Check.notNull("class", objectClass);
        Check.range("confidence 0.01 %", confidenceCentiPct, 0, 10_000);
        Check.notNull("box", box);
        Check.range("timestamp ms", timestampMs, 1, Long.MAX_VALUE);
        Check.range("image length", imageLength, 0, MAX_IMAGE);
        Check.notNull("sha256", sha256);
        if (sha256.length != 32) {
            throw new BadPayloadException("sha256 must be 32 bytes, was " + sha256.length);
        }
        if (imageLength == 0) {
            Check.range("chunk count (no image)", chunkCount, 0, 0);
        } else {
            int min = (int) ((imageLength + ImageChunk.MAX_DATA - 1) / ImageChunk.MAX_DATA);
            Check.range("chunk count", chunkCount, min, (int) Math.min(imageLength, 0xFFFF));
        }
        Check.str("plate", plate, 16);
        if (objectClass == ObjectClass.PERSON && !plate.isEmpty()) {
            throw new BadPayloadException("a PERSON capture has no plate");
        }
        attributes = List.copyOf(Check.notNull("attributes", attributes));
        Check.range("attribute count", attributes.size(), 0, MAX_ATTRIBUTES);
        Set<String> keys = new HashSet<>();
        for (Attribute a : attributes) {
            if (!keys.add(a.key())) {
                throw new BadPayloadException("duplicate attribute key " + a.key());
            }
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Value of attribute {@code key}, or null. */
    public String attribute(String key) {
        return attributes.stream().filter(a -> a.key().equals(key)).map(Attribute::value)
                .findFirst().orElse(null);
    }

    @Override
    public MessageType<CaptureRecord> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(cameraId).u32(captureId).enumeration(objectClass).u16(confidenceCentiPct)
                .u16(box.x()).u16(box.y()).u16(box.width()).u16(box.height())
                .i64(timestampMs).u32(imageLength).bytes(sha256).u16(chunkCount).str(plate)
                .u8(attributes.size());
        for (Attribute a : attributes) {
            w.str(a.key()).str(a.value());
        }
    }

    static CaptureRecord read(PayloadReader r) {
        int camera = r.u8("camera id");
        long capture = r.u32("capture id");
        ObjectClass cls = r.enumeration(ObjectClass.class, "class");
        int confidence = r.u16("confidence");
        BoundingBox box = new BoundingBox(r.u16("box x"), r.u16("box y"), r.u16("box width"),
                r.u16("box height"));
        long ts = r.i64("timestamp");
        long len = r.u32("image length");
        byte[] sha = r.bytes(32, "sha256");
        int chunks = r.u16("chunk count");
        String plate = r.str(16, "plate");
        int n = r.u8("attribute count");
        Check.range("attribute count", n, 0, MAX_ATTRIBUTES);
        List<Attribute> attrs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            attrs.add(new Attribute(r.str(24, "attribute key"), r.str(32, "attribute value")));
        }
        return new CaptureRecord(camera, capture, cls, confidence, box, ts, len, sha, chunks,
                plate, attrs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaptureRecord c && cameraId == c.cameraId && captureId == c.captureId
                && objectClass == c.objectClass && confidenceCentiPct == c.confidenceCentiPct
                && box.equals(c.box) && timestampMs == c.timestampMs
                && imageLength == c.imageLength && Arrays.equals(sha256, c.sha256)
                && chunkCount == c.chunkCount && plate.equals(c.plate)
                && attributes.equals(c.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cameraId, captureId, objectClass, confidenceCentiPct, box, timestampMs,
                imageLength, Arrays.hashCode(sha256), chunkCount, plate, attributes);
    }

    @Override
    public String toString() {
        return "CaptureRecord[camera=" + cameraId + ", capture=" + captureId + ", " + objectClass
                + " " + confidenceCentiPct / 100.0 + "%, " + box + ", t=" + timestampMs
                + ", image=" + imageLength + " B in " + chunkCount + " chunks, sha256="
                + HexFormat.of().formatHex(sha256) + ", plate='" + plate + "', " + attributes + "]";
    }
}

package io.streetstation.bridge.frame.msg;

import java.util.Arrays;
import java.util.Objects;

/**
 * IMAGE_CHUNK 0x0301, camera to agent: part of the JPEG of a {@link CaptureRecord}.
 *
 * @param captureId as in the record
 * @param index 0..count-1
 * @param count 1..65535, as in the record
 * @param data 1..{@link #MAX_DATA} bytes: the rest of the payload
 */
public record ImageChunk(long captureId, int index, int count, byte[] data) implements StationMessage {

    public static final MessageType<ImageChunk> TYPE = new MessageType<>(0x0301, "IMAGE_CHUNK",
            ImageChunk.class, AckPolicy.ALWAYS, ImageChunk::read);

    /** Most JPEG bytes per chunk: 1024 payload - 8 header bytes. */
    public static final int MAX_DATA = 1016;

    public ImageChunk {
        Check.range("capture id", captureId, 0, 0xFFFF_FFFFL);
        Check.range("chunk count", count, 1, 0xFFFF);
        Check.range("chunk index", index, 0, count - 1);
        Check.notNull("data", data);
        Check.range("chunk data bytes", data.length, 1, MAX_DATA);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public MessageType<ImageChunk> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u32(captureId).u16(index).u16(count).bytes(data);
    }

    static ImageChunk read(PayloadReader r) {
        return new ImageChunk(r.u32("capture id"), r.u16("chunk index"), r.u16("chunk count"),
                r.rest());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageChunk c && captureId == c.captureId && index == c.index
                && count == c.count && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(captureId, index, count, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "ImageChunk[capture=" + captureId + ", " + index + "/" + count + ", " + data.length
                + " B]";
    }
}

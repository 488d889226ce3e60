package io.streetstation.bridge.frame.msg;

/**
 * IMAGE_REQUEST 0x0302, agent to camera: send (part of) an image again.
 *
 * @param firstChunk 0..65535
 * @param chunkCount 0 = all from {@code firstChunk}, else 1..65535
 */
public record ImageRequest(long captureId, int firstChunk, int chunkCount) implements StationMessage {

    public static final MessageType<ImageRequest> TYPE = new MessageType<>(0x0302, "IMAGE_REQUEST",
            ImageRequest.class, AckPolicy.ALWAYS, ImageRequest::read);

    public ImageRequest {
        Check.range("capture id", captureId, 0, 0xFFFF_FFFFL);
        Check.range("first chunk", firstChunk, 0, 0xFFFF);
        Check.range("chunk count", chunkCount, 0, 0xFFFF);
    }

    @Override
    public MessageType<ImageRequest> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u32(captureId).u16(firstChunk).u16(chunkCount);
    }

    static ImageRequest read(PayloadReader r) {
        return new ImageRequest(r.u32("capture id"), r.u16("first chunk"), r.u16("chunk count"));
    }
}

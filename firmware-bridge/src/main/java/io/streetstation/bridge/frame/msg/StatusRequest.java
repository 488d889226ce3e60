package io.streetstation.bridge.frame.msg;

/**
 * STATUS_REQUEST 0x0003: asks a device to send one of its state messages now.
 *
 * @param requestedType type id of the wanted state message, 0..65535
 * @param index 0 = all instances, else the bay/slot number, 0..255
 */
public record StatusRequest(int requestedType, int index) implements StationMessage {

    public static final MessageType<StatusRequest> TYPE = new MessageType<>(0x0003,
            "STATUS_REQUEST", StatusRequest.class, AckPolicy.ALWAYS, StatusRequest::read);

    public StatusRequest {
        Check.range("requested type", requestedType, 0, 0xFFFF);
        Check.range("index", index, 0, 255);
    }

    @Override
    public MessageType<StatusRequest> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u16(requestedType).u8(index);
    }

    static StatusRequest read(PayloadReader r) {
        return new StatusRequest(r.u16("requested type"), r.u8("index"));
    }
}

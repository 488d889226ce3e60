package io.streetstation.bridge.frame.msg;

/**
 * HELLO_ACK 0x0002: the answer to HELLO, carried in its ACK frame.
 *
 * @param version the chosen protocol version, 1..255
 * @param identity the answering node
 */
public record HelloAck(int version, PeerIdentity identity) implements StationMessage {

    public static final MessageType<HelloAck> TYPE =
            new MessageType<>(0x0002, "HELLO_ACK", HelloAck.class, AckPolicy.NEVER, HelloAck::read);

    public HelloAck {
        Check.range("version", version, 1, 255);
        Check.notNull("identity", identity);
    }

    @Override
    public MessageType<HelloAck> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(version);
        identity.write(w);
    }

    static HelloAck read(PayloadReader r) {
        return new HelloAck(r.u8("version"), PeerIdentity.read(r));
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * HELLO 0x0001: opens a session (PROTOCOL.md §4). Layout frozen for all versions.
 *
 * @param versionMin lowest protocol version offered, 1..255
 * @param versionMax highest offered, versionMin..255
 */
public record Hello(int versionMin, int versionMax, PeerIdentity identity) implements StationMessage {

    public static final MessageType<Hello> TYPE =
            new MessageType<>(0x0001, "HELLO", Hello.class, AckPolicy.ALWAYS, Hello::read);

    public Hello {
        Check.range("version min", versionMin, 1, 255);
        Check.range("version max", versionMax, versionMin, 255);
        Check.notNull("identity", identity);
    }

    @Override
    public MessageType<Hello> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(versionMin).u8(versionMax);
        identity.write(w);
    }

    static Hello read(PayloadReader r) {
        return new Hello(r.u8("version min"), r.u8("version max"), PeerIdentity.read(r));
    }
}

package io.streetstation.bridge.frame;

import io.streetstation.bridge.frame.msg.PeerIdentity;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an endpoint knows about one peer: a snapshot for callers and statistics.
 *
 * @param version negotiated protocol version, present when established
 * @param identity the peer's last HELLO/HELLO_ACK identity, kept across a lost session
 * @param detail why the session is in this phase ("link down", "speaks 1..1, offered 2..3")
 */
public record PeerSession(int address, Phase phase, OptionalInt version,
                          Optional<PeerIdentity> identity, String detail) {

    public enum Phase {
        /** Link down or never up. */
        DOWN,
        /** HELLO sent or to be retried; no commands are executed yet. */
        HANDSHAKING,
        /** Both sides know each other's version and boot id. */
        ESTABLISHED,
        /** No common version; nothing will be sent until the peer greets again. */
        INCOMPATIBLE
    }

    public boolean isEstablished() {
        return phase == Phase.ESTABLISHED;
    }
}

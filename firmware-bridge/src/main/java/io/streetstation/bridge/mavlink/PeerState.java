package io.streetstation.bridge.mavlink;

/** Connection state of one remote component on this link. */
public enum PeerState {
    /** Never heard. */
    UNKNOWN,
    /** Heartbeats arrive. */
    CONNECTED,
    /** No heartbeat for the peer timeout (3 s by default). */
    LOST
}

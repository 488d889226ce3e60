package io.streetstation.bridge.mavlink;

/** A peer changed state; {@code peer} carries the heartbeat that caused it or the last one seen. */
public record PeerChange(PeerState from, PeerState to, Peer peer) {
}

/**
 * Reassembly and SHA-256 verification of capture-camera images carried in station frames
 * (PROTOCOL.md §5.4), with bounded memory and a deadline on the station clock.
 *
 * <p>Knows chunks and hashes, not what a capture means: no retention policy, no uplink, no
 * storage. Must not import the agent, {@code mavlink} or {@code link}.
 */
package io.streetstation.bridge.frame.image;

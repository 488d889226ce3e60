/**
 * MAVLink 2 endpoint over a {@link io.streetstation.bridge.link.Link}: our own packet layer
 * (framing, CRC, incompat flags, signing, loss counting), dronefleet's message classes decoded by
 * a cached decoder, the 1 Hz GCS heartbeat and peer tracking, and the command and mission
 * microservices as explicit state machines. Entry point: {@link io.streetstation.bridge.mavlink.MavlinkEndpoint};
 * benchmarks drive {@link io.streetstation.bridge.mavlink.MavlinkIngest} directly.
 *
 * <p>Depends on {@code link}, {@code time}, dronefleet and tinylog only. Must not import the
 * {@code frame} or {@code gpio} packages or anything from the agent/domain (nest, drone, uplink…):
 * it speaks MAVLink, not police-station words.
 */
package io.streetstation.bridge.mavlink;

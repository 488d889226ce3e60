/**
 * The station frame protocol (PROTOCOL.md): COBS framing with a CRC-32C trailer
 * ({@link io.streetstation.bridge.frame.FrameCodec}), a sealed receive state machine
 * ({@link io.streetstation.bridge.frame.FrameParser}) and the reliable endpoint over any
 * {@link io.streetstation.bridge.link.Link} — ACK/NAK, retries on the
 * {@link io.streetstation.bridge.time.StationClock}, duplicate suppression, HELLO handshake —
 * ({@link io.streetstation.bridge.frame.FrameEndpoint}), used by the agent and by device
 * simulators alike.
 *
 * <p>Protocol mechanics only: no roof, bay or drone logic, no interlocks (a handler decides
 * verdicts). May import {@code link}, {@code time} and its own {@code msg} catalogue. Must not
 * import {@code mavlink}, {@code gpio} or anything from the agent, and must not open ports.
 */
package io.streetstation.bridge.frame;

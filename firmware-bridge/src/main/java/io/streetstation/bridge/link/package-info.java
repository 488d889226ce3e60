/**
 * Links: the only code in the project that opens ports. {@link io.streetstation.bridge.link.Link}
 * is a byte pipe with its own reconnection and health; implementations are jssc serial ports and
 * the virtual serial cable (a real pseudo-terminal pair) the rig and tests use.
 *
 * <ul>
 *   <li>{@link io.streetstation.bridge.link.SerialLink}: a port by path (also udev symlinks and
 *       ptys) on jssc, configured by {@link io.streetstation.bridge.link.SerialConfig}; reopens
 *       with the backoff of {@link io.streetstation.bridge.link.ReconnectPolicy}.</li>
 *   <li>{@link io.streetstation.bridge.link.VirtualSerialCable}: a pty pair made through JNA, with
 *       a stable symlink, unplug/replug and {@link io.streetstation.bridge.link.ChunkFault}s; the
 *       simulator holds its {@code deviceEnd()} Link, the agent opens its path with SerialLink
 *       exactly as on hardware.</li>
 * </ul>
 *
 * <p>Threads: one named platform thread per link ({@code link-<name>}) does the native reads and
 * calls the listener; no virtual threads here, native calls would pin them.
 *
 * <p>Must not import {@code mavlink}, {@code frame}, {@code gpio} or anything from the agent.
 */
package io.streetstation.bridge.link;

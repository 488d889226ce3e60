/**
 * Links: the only code in the project that opens ports. {@link io.streetstation.bridge.link.Link}
 * is a byte pipe with its own reconnection and health; implementations are jssc serial ports and
 * the virtual serial cable (a real pseudo-terminal pair) the rig and tests use.
 *
 * <p>Must not import {@code mavlink}, {@code frame}, {@code gpio} or anything from the agent.
 */
package io.streetstation.bridge.link;

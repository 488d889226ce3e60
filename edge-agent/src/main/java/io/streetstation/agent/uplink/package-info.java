/**
 * The central link over MQTT 5 (issue #4): the durable outbox every message to central goes
 * through, and — as it lands — the connection supervisor, the envelope and the command gate.
 *
 * <p>May import {@code config} and the bridge's clock; must not import {@code device},
 * {@code runtime} or Paho outside the one adapter class.
 */
package io.streetstation.agent.uplink;

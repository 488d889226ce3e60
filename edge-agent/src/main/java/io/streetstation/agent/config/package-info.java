/**
 * The station configuration file: a strict YAML reader and the records it produces.
 *
 * <p>May import the bridge's configuration records (gpio, link); must not import the runtime,
 * device adapters or uplink.
 */
package io.streetstation.agent.config;

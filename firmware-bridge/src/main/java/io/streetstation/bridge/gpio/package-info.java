/**
 * The board's own pins through Pi4J 3: E-stop input, door and intrusion switches, backup rain
 * sensor, tower light lamps, nest power relay. Pins are named by configuration and read in
 * logical terms (polarity applied). The mock provider is used only when configured, never as a
 * fallback.
 *
 * <p>Must not import {@code link}, {@code mavlink}, {@code frame} or anything from the agent.
 */
package io.streetstation.bridge.gpio;

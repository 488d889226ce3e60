/**
 * Device adapters: each turns a bridge endpoint (MAVLink, station frames, GPIO) into what the
 * station model needs — typed telemetry and a health value — and, from issue #5 on, commands.
 *
 * <p>May import the bridge, {@code config} and the domain packages whose ports it implements
 * ({@code nest}, {@code ops}, {@code job}); must not import {@code uplink}, {@code cli} or
 * {@code runtime}.
 */
package io.streetstation.agent.device;

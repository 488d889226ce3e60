/**
 * Missions as the station plans them: positions and a flat local frame, routes with their
 * validation against the geofence, altitudes, speed and endurance, the flight-time estimate the
 * relay and dispatch predict returns with, the hotspot patrol planner, and the conversion of a
 * route into MAVLink mission items. Pure: no threads, no I/O, no clock; every figure comes in
 * through {@link io.streetstation.agent.mission.MissionLimits}, built by the caller from the
 * station's configuration.
 *
 * <p>May import only the bridge's {@code io.streetstation.bridge.mavlink.MissionItem} (the record
 * the missions are uploaded as); must not import {@code config} (the composition root maps settings
 * into {@code MissionLimits}), {@code nest}, {@code ops}, {@code job}, {@code device}, {@code uplink},
 * {@code cli}, {@code runtime}, or any other part of the bridge.
 */
package io.streetstation.agent.mission;

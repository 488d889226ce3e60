/**
 * Scenario base: a {@link io.streetstation.hil.scenario.Station} started from a rig file (virtual
 * by default, physical with {@code -Drig=<file>}), awaiting states in station time, injecting
 * faults and recording a timeline. Scenarios themselves live in the test sources.
 *
 * <p>May import the agent, the bridge and the rig; the agent must never import this.
 */
package io.streetstation.hil.scenario;

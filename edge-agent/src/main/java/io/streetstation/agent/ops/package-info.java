/**
 * Nest and drone operations (issue #5): the {@link io.streetstation.agent.ops.Fleet} (the drones'
 * sorties, each an explicit {@link io.streetstation.agent.ops.SortieMachine}; the nest's corridor
 * one job at a time; recall, return-all, patrol loops, the relay and its figures, the weather's
 * recall) and the plans of its jobs — launch, land, recover — built from the nest's actor, the
 * drones' ports and the operations settings, and run by the {@link io.streetstation.agent.job.JobRunner}.
 *
 * <p>May import {@code config}, {@code actor}, {@code nest}, {@code job}, {@code journal},
 * {@code mission}, the bridge's {@code time} and its {@code mavlink.MissionItem} (the value a
 * patrol loop is uploaded as); must not import the rest of the bridge, {@code device},
 * {@code uplink}, {@code cli} or {@code runtime}.
 */
package io.streetstation.agent.ops;

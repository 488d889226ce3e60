/**
 * Nest and drone operations (issue #5): the plans of the jobs — launch now; land, charge, recall,
 * return-all and recover to come — built from the nest's actor, the drones' ports and the
 * operations settings, and run by the {@link io.streetstation.agent.job.JobRunner}.
 *
 * <p>May import {@code config}, {@code actor}, {@code nest}, {@code job} and the bridge's
 * {@code time}; must not import the rest of the bridge, {@code device}, {@code uplink}, {@code cli}
 * or {@code runtime}.
 */
package io.streetstation.agent.ops;

/**
 * Jobs (issue #5): launch, land, charge, recall, return-all and recover are plans of named, timed
 * steps; steps of one stage run in parallel (power the drone on and run its checks while the roof
 * opens), a failed, timed-out or cancelled job runs its safe-state steps and says why. The
 * lifecycle is one transition table ({@link io.streetstation.agent.job.JobMachine}); the
 * {@link io.streetstation.agent.job.JobRunner} is the actor that carries it out on the station
 * clock and reports every step with its times.
 *
 * <p>May import {@code actor} and the bridge's {@code time}; knows nothing of nests or drones
 * (the plans that use them are built elsewhere).
 */
package io.streetstation.agent.job;

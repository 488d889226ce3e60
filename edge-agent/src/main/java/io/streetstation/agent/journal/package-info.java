/**
 * The operations journal and recovery after a restart (issue #5): every job's start (kind and
 * parameters), its steps' starts and ends and its outcome, durable on disk before the step's
 * action is sent ({@link io.streetstation.agent.journal.OperationsJournal}, written by the
 * {@link io.streetstation.agent.journal.JournalListener}); and, after a crash or power loss, the
 * {@link io.streetstation.agent.journal.Reconciler} — a pure table — that sets the unfinished
 * jobs against what the nest and the drones report now and decides what brings the station to a
 * safe, known state, from the observed state alone, so that nothing that already happened is done
 * again. {@code ops.RecoverPlan} turns the decision into a job.
 *
 * <p>May import {@code job}, {@code nest} (its views, for the reconciler) and {@code uplink}'s
 * {@code SqliteFiles} only (the one way the agent opens its SQLite files); must not import
 * {@code ops}, {@code device}, {@code cli}, {@code runtime} or the bridge.
 */
package io.streetstation.agent.journal;

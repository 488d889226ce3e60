package io.streetstation.agent.journal;

import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Writes the {@link JobRunner}'s news to the {@link OperationsJournal}: a step's start before its
 * action is sent (the runner calls {@link #stepStarted} first, then starts the action, on its own
 * thread), its success or failure, the job's end.
 *
 * <p>The job's start is not the runner's news — it has no such call — so the caller records it with
 * {@link #jobStarted} before {@code runner.start(plan)}, and refuses the job if that throws. A plan
 * started without it is still recorded, at its first step's start, with no parameters (and a WARN).
 *
 * <p>The runner's calls never throw: a listener that throws in {@code stepStarted} leaves the
 * stage's other steps unstarted and the job waiting for ever. A record that cannot be written is
 * the journal's alarm ({@code ops-journal.write-failed}) and a log line; the step goes ahead —
 * recovery goes by the hardware's state, the journal only says what was under way. Each call
 * blocks the runner's thread for one disk sync (a few ms on the board's SD card).
 */
public final class JournalListener implements JobRunner.Listener {

    private static final TaggedLogger LOG = Logger.tag("journal");

    private final OperationsJournal journal;
    /** Jobs whose start is recorded and whose end is not yet. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    public JournalListener(OperationsJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Records the start of {@code plan} with {@code params} ("bay" → "2", "drone" → "drone-2"); call
     * before {@code runner.start(plan)}.
     *
     * @throws JournalWriteException when it cannot be recorded: do not start the job, refuse it
     */
    public void jobStarted(Plan plan, Map<String, String> params) {
        journal.jobStarted(plan.id(), plan.name(), params);
        open.add(plan.id());
    }

    @Override
    public void stepStarted(Plan job, Step step, Instant at) {
        if (!open.contains(job.id())) {
            LOG.warn("job {} {}: its start was not recorded before it ran; recorded now, without parameters",
                    job.name(), job.id());
            if (!record(() -> journal.jobStarted(job.id(), job.name(), Map.of()))) {
                return;
            }
            open.add(job.id());
        }
        record(() -> journal.stepStarted(job.id(), step.name()));
    }

    @Override
    public void stepSucceeded(Plan job, Step step, Duration took) {
        record(() -> journal.stepSucceeded(job.id(), step.name()));
    }

    @Override
    public void stepFailed(Plan job, Step step, String reason, Duration took) {
        record(() -> journal.stepFailed(job.id(), step.name(), reason));
    }

    @Override
    public void jobFinished(Plan job, JobMachine.Outcome outcome, Duration took) {
        if (record(() -> journal.jobFinished(job.id(), JobMachine.describe(outcome)))) {
            open.remove(job.id());
        }
    }

    /** True if written; a failure is already the journal's alarm and log line. */
    private static boolean record(Runnable write) {
        try {
            write.run();
            return true;
        } catch (JournalWriteException e) {
            return false;
        } catch (RuntimeException e) {
            LOG.error(e, "operations journal: {}", e.toString());
            return false;
        }
    }
}

package io.streetstation.agent.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Lets whoever started a job indirectly (a command that asked the fleet for a launch) hear that
 * job's steps as they happen, as progress with a percentage: the share of the job's steps done.
 * A {@link JobRunner.Listener}; watchers are told on the runner's thread and must hand over.
 */
public final class JobProgress implements JobRunner.Listener {

    /**
     * What a watcher hears: "open roof: started" / ": done" / ": failed" (short, for a progress
     * reply; the reasons and durations go out as job events), and the share of the job's steps done, 0..100.
     */
    @FunctionalInterface
    public interface Watcher {
        void progress(Plan job, String text, int percent);
    }

    /** A watch; closing it stops the news (a command that finished). */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private record Entry(Predicate<Plan> which, Watcher watcher) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> done = new ConcurrentHashMap<>();

    /** Tells {@code watcher} the steps of every job {@code which} accepts, from now until the watch is closed. */
    public Watch watch(Predicate<Plan> which, Watcher watcher) {
        Entry e = new Entry(which, watcher);
        entries.add(e);
        return () -> entries.remove(e);
    }

    @Override
    public void stepStarted(Plan job, Step step, Instant at) {
        tell(job, step.name() + ": started");
    }

    @Override
    public void stepSucceeded(Plan job, Step step, Duration took) {
        if (job.steps().contains(step)) {   // a safe-state step does not bring the job closer to done
            done.merge(job.id(), 1, Integer::sum);
        }
        tell(job, step.name() + ": done");
    }

    @Override
    public void stepFailed(Plan job, Step step, String reason, Duration took) {
        tell(job, step.name() + ": failed");
    }

    @Override
    public void jobFinished(Plan job, JobMachine.Outcome outcome, Duration took) {
        done.remove(job.id());
    }

    private void tell(Plan job, String text) {
        int total = job.steps().size();
        int percent = total == 0 ? 100 : Math.min(100, 100 * done.getOrDefault(job.id(), 0) / total);
        for (Entry e : entries) {
            if (e.which().test(job)) {
                e.watcher().progress(job, text, percent);
            }
        }
    }
}

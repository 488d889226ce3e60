package io.streetstation.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.job.Listeners;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's news in the journal, through the real {@link JobRunner} on a manual clock. */
class JournalListenerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<OperationsJournal.Alarm> alarms = new ArrayList<>();

    private OperationsJournal open() {
        return OperationsJournal.open(dir.resolve("operations.db"), OperationsJournal.Config.defaults(), clock::now, alarms::add);
    }

    @Test
    void aStepsStart_isOnDiskBeforeItsActionRuns_andTheJobsEndClosesIt() {
        try (OperationsJournal journal = open()) {
            JournalListener listener = new JournalListener(journal);
            List<String> seenByTheAction = new ArrayList<>();
            Step openRoof = new Step("open roof", Duration.ofSeconds(30), () -> {
                // what a second instance reads at this moment: what a crash here would leave
                try (OperationsJournal other = open()) {
                    other.unfinished().getFirst().steps().forEach(r -> seenByTheAction.add(r.step() + " " + r.phase()));
                }
                return CompletableFuture.completedFuture(null);
            });
            Step fail = new Step("take off", Duration.ofSeconds(5), () -> CompletableFuture.failedFuture(
                    new Step.StepFailedException("interlocks: weather.rain")));
            Plan plan = new Plan("launch-1", "launch", List.of(List.of(openRoof), List.of(fail)), List.of());
            JobRunner runner = new JobRunner(clock, listener, Runnable::run);

            listener.jobStarted(plan, Map.of("bay", "2", "drone", "drone-2"));
            JobMachine.Outcome o = runner.start(plan).outcome().toCompletableFuture().join();

            assertThat(o).isInstanceOf(JobMachine.Failed.class);
            assertThat(seenByTheAction).containsExactly("open roof STARTED");
            assertThat(journal.unfinished()).isEmpty();
            assertThat(journal.outcome("launch-1")).isEqualTo("failed at 'take off': interlocks: weather.rain");
            assertThat(journal.records()).as("start, 2 × (step started, step ended), end").isEqualTo(6);
        }
        assertThat(alarms).isEmpty();
    }

    @Test
    void aJobRunWithoutItsStartRecorded_isRecordedAtItsFirstStep_withoutParameters() {
        try (OperationsJournal journal = open()) {
            JournalListener listener = new JournalListener(journal);
            CompletableFuture<Void> never = new CompletableFuture<>();
            Plan plan = new Plan("land-1", "land", List.of(List.of(new Step("open roof", Duration.ofSeconds(30), () -> never))),
                    List.of());
            new JobRunner(clock, listener, Runnable::run).start(plan);

            assertThat(journal.unfinished()).singleElement().satisfies(j -> {
                assertThat(j.kind()).isEqualTo("land");
                assertThat(j.params()).isEmpty();
                assertThat(j.underWay()).containsExactly("open roof");
            });
        }
    }

    @Test
    void aStartThatCannotBeRecorded_throwsTheTypedException_soTheJobIsRefused() {
        OperationsJournal journal = open();
        JournalListener listener = new JournalListener(journal);
        journal.close();
        Plan plan = new Plan("launch-2", "launch", List.of(List.of(new Step("open roof", Duration.ofSeconds(30),
                () -> CompletableFuture.completedFuture(null)))), List.of());

        assertThatThrownBy(() -> listener.jobStarted(plan, Map.of("bay", "2"))).isInstanceOf(JournalWriteException.class);
    }

    @Test
    void aStepRecordThatFails_neverStopsTheRunner_theJobStillEnds() {
        OperationsJournal journal = open();
        JournalListener listener = new JournalListener(journal);
        Plan plan = new Plan("recover-1", "recover", List.of(
                List.of(new Step("raise 1 alarm(s)", Duration.ofSeconds(5), () -> CompletableFuture.completedFuture(null))),
                List.of(new Step("close roof", Duration.ofSeconds(5), () -> CompletableFuture.completedFuture(null)))),
                List.of());
        listener.jobStarted(plan, Map.of());
        journal.close();   // the disk goes away between the start and the steps

        JobMachine.Outcome o = new JobRunner(clock, listener, Runnable::run).start(plan).outcome().toCompletableFuture().join();

        assertThat(o).isEqualTo(new JobMachine.Succeeded());
        assertThat(alarms).extracting(OperationsJournal.Alarm::code).isNotEmpty().containsOnly("ops-journal.write-failed");
    }

    @Test
    void both_tellsTheSecondListenerToo_evenWhenTheFirstThrows() {
        List<String> heard = new ArrayList<>();
        JobRunner.Listener throwing = new JobRunner.Listener() {
            @Override
            public void stepStarted(Plan job, Step step, Instant at) {
                heard.add("first " + step.name());
                throw new IllegalStateException("boom");
            }
        };
        JobRunner.Listener second = new JobRunner.Listener() {
            @Override
            public void stepStarted(Plan job, Step step, Instant at) {
                heard.add("second " + step.name());
            }
        };
        Step s = new Step("open roof", Duration.ofSeconds(1), () -> CompletableFuture.completedFuture(null));
        Plan plan = new Plan("p", "launch", List.of(List.of(s)), List.of());

        assertThatThrownBy(() -> Listeners.both(throwing, second).stepStarted(plan, s, T0)).hasMessage("boom");
        assertThat(heard).containsExactly("first open roof", "second open roof");
    }
}

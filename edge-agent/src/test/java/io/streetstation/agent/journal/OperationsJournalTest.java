package io.streetstation.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.journal.OpenJob.Phase;
import io.streetstation.agent.journal.OpenJob.StepRecord;
import io.streetstation.bridge.time.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations journal on a real SQLite file: reopened as after a restart, read as after a crash. */
class OperationsJournalTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<OperationsJournal.Alarm> alarms = new ArrayList<>();

    private OperationsJournal open() {
        return open(OperationsJournal.Config.defaults());
    }

    private OperationsJournal open(OperationsJournal.Config config) {
        return OperationsJournal.open(dir.resolve("operations.db"), config, clock::now, alarms::add);
    }

    private Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A launch cut short in its second stage, and a land that finished. */
    private void writeALaunchUnderWay(OperationsJournal j) {
        j.jobStarted("land-1", "land", Map.of("bay", "1", "drone", "drone-1"));
        j.stepStarted("land-1", "open roof");
        j.jobFinished("land-1", "succeeded");
        j.jobStarted("launch-1", "launch", Map.of("bay", "2", "drone", "drone-2"));
        j.stepStarted("launch-1", "check launch conditions");
        j.stepSucceeded("launch-1", "check launch conditions");
        clock.advance(Duration.ofSeconds(1));
        j.stepStarted("launch-1", "open roof");
        j.stepStarted("launch-1", "release centring bay 2");
        clock.advance(Duration.ofSeconds(4));
        j.stepFailed("launch-1", "release centring bay 2", "bay 2: centring bars faulted");
    }

    private static final OpenJob LAUNCH_UNDER_WAY = new OpenJob("launch-1", "launch", Map.of("bay", "2", "drone", "drone-2"),
            T0, List.of(
                    new StepRecord("check launch conditions", Phase.STARTED, "", T0),
                    new StepRecord("check launch conditions", Phase.SUCCEEDED, "", T0),
                    new StepRecord("open roof", Phase.STARTED, "", T0.plusSeconds(1)),
                    new StepRecord("release centring bay 2", Phase.STARTED, "", T0.plusSeconds(1)),
                    new StepRecord("release centring bay 2", Phase.FAILED, "bay 2: centring bars faulted", T0.plusSeconds(5))));

    @Test
    void records_surviveCloseAndReopen_andUnfinishedIsExactlyTheJobWithoutAnEnd() {
        try (OperationsJournal j = open()) {
            writeALaunchUnderWay(j);
        }
        try (OperationsJournal j = open()) {
            assertThat(j.unfinished()).containsExactly(LAUNCH_UNDER_WAY);
            OpenJob launch = j.unfinished().getFirst();
            assertThat(launch.underWay()).containsExactly("open roof");
            assertThat(launch.bay()).contains(2);
            assertThat(launch.drone()).contains("drone-2");
            assertThat(j.outcome("land-1")).as("a finished job is kept for history").isEqualTo("succeeded");
            assertThat(j.startedFresh()).isFalse();
        }
        assertThat(alarms).isEmpty();
    }

    @Test
    void aJobThatFinishes_leavesUnfinished() {
        try (OperationsJournal j = open()) {
            writeALaunchUnderWay(j);
            j.jobFinished("launch-1", "failed at 'release centring bay 2': bay 2: centring bars faulted");
            assertThat(j.unfinished()).isEmpty();
        }
    }

    @Test
    void aJobIdIsStartedOnce() {
        try (OperationsJournal j = open()) {
            j.jobStarted("launch-1", "launch", Map.of());
            assertThatThrownBy(() -> j.jobStarted("launch-1", "launch", Map.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("launch-1");
            assertThat(j.records()).isEqualTo(1);
        }
    }

    @Test
    void asAfterKill9_aSecondInstanceOnTheFileTheFirstNeverClosed_seesEveryReturnedRecord() {
        OperationsJournal first = open();
        writeALaunchUnderWay(first);
        // no close: the first instance is abandoned as a killed process leaves it
        try (OperationsJournal second = open()) {
            assertThat(second.unfinished()).containsExactly(LAUNCH_UNDER_WAY);
        } finally {
            first.close();
        }
    }

    @Test
    void afterAProcessHaltsMidJob_everyRecordThatReturnedIsOnDisk() throws IOException, InterruptedException {
        Path file = dir.resolve("operations.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                JournalCrashChild.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child halts").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isEqualTo(137);
        assertThat(out).contains("written");
        assertThat(Files.exists(dir.resolve("operations.db-wal"))).as("the WAL was never checkpointed by a close").isTrue();

        try (OperationsJournal j = open()) {
            assertThat(j.unfinished()).singleElement().satisfies(o -> {
                assertThat(o.jobId()).isEqualTo("launch-7");
                assertThat(o.params()).isEqualTo(Map.of("bay", "2", "drone", "drone-2"));
                assertThat(o.steps()).extracting(StepRecord::step, StepRecord::phase).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("open roof", Phase.STARTED),
                        org.assertj.core.groups.Tuple.tuple("power on and check drone-2", Phase.STARTED),
                        org.assertj.core.groups.Tuple.tuple("power on and check drone-2", Phase.SUCCEEDED));
                assertThat(o.underWay()).containsExactly("open roof");
            });
        }
        assertThat(alarms).isEmpty();
    }

    @Test
    void aGarbageFile_isMovedAsideWithAnAlarm_andAFreshJournalWorks() throws IOException {
        byte[] garbage = "not a database: what a dying SD card left behind ".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("operations.db"), garbage);

        try (OperationsJournal j = open()) {
            assertThat(j.startedFresh()).isTrue();
            assertThat(j.unfinished()).isEmpty();
            j.jobStarted("recover-1", "recover", Map.of());
            j.stepStarted("recover-1", "report findings");
            assertThat(j.unfinished()).extracting(OpenJob::jobId).containsExactly("recover-1");
        }
        assertThat(alarms).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("ops-journal.corrupt");
            assertThat(a.text()).contains("operations.db").contains(".corrupt-").contains("by the hardware alone");
        });
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().matches("operations\\.db\\.corrupt-\\d+")).findFirst()
                    .orElseThrow(() -> new AssertionError("no operations.db.corrupt-<millis> in " + dir));
            assertThat(Files.readAllBytes(aside)).as("moved, never deleted or changed").isEqualTo(garbage);
        }
        try (OperationsJournal j = open()) {
            assertThat(j.startedFresh()).isFalse();
            assertThat(j.unfinished()).extracting(OpenJob::jobId).containsExactly("recover-1");
        }
    }

    @Test
    void atOpen_finishedJobsPastTheirKeepGo_unfinishedOnesStayHoweverOld() {
        try (OperationsJournal j = open()) {
            j.jobStarted("launch-old", "launch", Map.of("bay", "2"));
            j.stepStarted("launch-old", "open roof");
            j.jobStarted("land-old", "land", Map.of("bay", "1"));
            j.jobFinished("land-old", "succeeded");
            clock.advance(Duration.ofDays(20));
            j.jobStarted("land-new", "land", Map.of("bay", "1"));
            j.jobFinished("land-new", "succeeded");
        }
        clock.advance(Duration.ofDays(15));   // land-old ended 35 days ago, land-new 15
        try (OperationsJournal j = open()) {
            assertThat(j.outcome("land-old")).isNull();
            assertThat(j.outcome("land-new")).isEqualTo("succeeded");
            assertThat(j.unfinished()).extracting(OpenJob::jobId).containsExactly("launch-old");
            assertThat(j.unfinished().getFirst().params()).isEqualTo(Map.of("bay", "2"));
            assertThat(j.records()).isEqualTo(2 + 2);
        }
    }

    @Test
    void atOpen_beyondTheRowLimit_theOldestFinishedJobsGo_neverAnUnfinishedOne() {
        try (OperationsJournal j = open()) {
            j.jobStarted("launch-open", "launch", Map.of());
            for (int i = 0; i < 60; i++) {                      // 60 finished jobs of 3 records: 180 + 1
                j.jobStarted("charge-" + i, "charge", Map.of("bay", "3"));
                j.stepStarted("charge-" + i, "charge");
                j.jobFinished("charge-" + i, "succeeded");
                clock.advance(Duration.ofMinutes(1));
            }
        }
        try (OperationsJournal j = open(OperationsJournal.Config.defaults().withMaxRows(100))) {
            assertThat(j.records()).as("181 less 27 jobs of 3").isEqualTo(100);
            assertThat(j.outcome("charge-0")).isNull();
            assertThat(j.outcome("charge-26")).isNull();
            assertThat(j.outcome("charge-27")).as("the newest 33 stay").isEqualTo("succeeded");
            assertThat(j.outcome("charge-59")).isEqualTo("succeeded");
            assertThat(j.unfinished()).extracting(OpenJob::jobId).containsExactly("launch-open");
        }
    }

    @Test
    void aClosedJournal_refusesAStartWithTheTypedException_andAnAlarm() {
        OperationsJournal j = open();
        j.close();

        assertThatThrownBy(() -> j.jobStarted("launch-2", "launch", Map.of("bay", "2")))
                .isInstanceOf(JournalWriteException.class).hasMessageContaining("launch-2").hasMessageContaining("not recorded");
        assertThat(alarms).extracting(OperationsJournal.Alarm::code).containsExactly("ops-journal.write-failed");
    }

    @Test
    void aFullJournal_refusesWithTheTypedException_andKeepsWhatItHad() {
        OperationsJournal.Config small = OperationsJournal.Config.defaults().withMaxBytes(64 * 1024);
        String reason = "x".repeat(2_000);
        int written = 0;
        JournalWriteException full = null;
        try (OperationsJournal j = open(small)) {
            j.jobStarted("launch-1", "launch", Map.of("bay", "2"));
            for (int i = 0; i < 1_000 && full == null; i++) {
                try {
                    j.stepFailed("launch-1", "step " + i, reason);
                    written++;
                } catch (JournalWriteException e) {
                    full = e;
                }
            }
            assertThat(full).as("the 64 KiB limit is reached").isNotNull().hasMessageContaining("full");
            assertThat(alarms).extracting(OperationsJournal.Alarm::code).contains("ops-journal.write-failed");
            assertThat(j.unfinished().getFirst().steps()).hasSize(written);
            j.jobFinished("launch-1", "cancelled");   // small records may still fit: a job can end
        } catch (JournalWriteException stillFull) {
            // or not: either way nothing was half-written
        }
        try (OperationsJournal j = open(small.withMaxBytes(1024 * 1024))) {
            List<OpenJob> open = j.unfinished();
            int steps = open.isEmpty() ? written : open.getFirst().steps().size();
            assertThat(steps).isEqualTo(written);
        }
    }
}

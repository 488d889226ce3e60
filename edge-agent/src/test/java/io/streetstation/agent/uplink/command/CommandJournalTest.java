package io.streetstation.agent.uplink.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.uplink.command.CommandJournal.Claim;
import io.streetstation.agent.uplink.command.CommandJournal.Outcome;
import io.streetstation.bridge.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command journal on a real SQLite file, closed and reopened as a restart would. */
class CommandJournalTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(CommandFixture.T0);
    private final List<JournalAlarm> alarms = new ArrayList<>();

    private CommandJournal open() {
        return CommandJournal.open(dir.resolve("commands.db"), clock::now, alarms::add);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void sessionCounter_startsAtOne_andContinuesAfterReopen() {
        try (CommandJournal j = open()) {
            assertThat(j.nextSession()).isEqualTo(1);
            assertThat(j.nextSession()).isEqualTo(2);
        }
        try (CommandJournal j = open()) {
            assertThat(j.nextSession()).isEqualTo(3);
            assertThat(j.startedFresh()).isFalse();
        }
        assertThat(alarms).isEmpty();
    }

    @Test
    void claim_newThenSameCommandThenReplay_andSoAfterReopen() {
        String nonce = SignedCommandBuilder.newNonce();
        String id = id();
        Instant expires = clock.now().plusSeconds(60);
        try (CommandJournal j = open()) {
            assertThat(j.claim(nonce, id, expires)).isEqualTo(Claim.NEW);
            assertThat(j.claim(nonce, id, expires)).isEqualTo(Claim.SAME_COMMAND);
            assertThat(j.claim(nonce, id(), expires)).as("nonce under another id").isEqualTo(Claim.REPLAY);
        }
        try (CommandJournal j = open()) {
            assertThat(j.claim(nonce, id, expires)).isEqualTo(Claim.SAME_COMMAND);
            assertThat(j.claim(nonce, id(), expires)).isEqualTo(Claim.REPLAY);
            assertThat(j.claim(SignedCommandBuilder.newNonce(), id, expires)).as("id under another nonce").isEqualTo(Claim.REPLAY);
            assertThat(j.claims()).isEqualTo(1);
        }
    }

    @Test
    void outcome_isTheLatestRecorded_andSurvivesReopen() {
        String id = id();
        try (CommandJournal j = open()) {
            j.claim(SignedCommandBuilder.newNonce(), id, clock.now().plusSeconds(60));
            assertThat(j.outcome(id)).isEmpty();
            j.record(id, "accepted", null, null);
            clock.advance(Duration.ofSeconds(5));
            j.record(id, "failed", "roof.stall: roof motor stalled at 40 %", "{\"percent\":40}");
        }
        try (CommandJournal j = open()) {
            Outcome o = j.outcome(id).orElseThrow();
            assertThat(o.commandId()).isEqualTo(id);
            assertThat(o.state()).isEqualTo("failed");
            assertThat(o.reason()).contains("roof.stall: roof motor stalled at 40 %");
            assertThat(o.resultJson()).contains("{\"percent\":40}");
            assertThat(o.recordedAt()).isEqualTo(CommandFixture.T0.plusSeconds(5));
            assertThat(j.outcomes()).isEqualTo(1);
        }
    }

    @Test
    void claimWithFirstOutcome_recordsItOnlyForANewCommand_inTheSameTransaction() {
        String nonce = SignedCommandBuilder.newNonce();
        String id = id();
        Instant expires = clock.now().plusSeconds(60);
        try (CommandJournal j = open()) {
            assertThat(j.claim(nonce, id, expires, "accepted", null)).isEqualTo(Claim.NEW);
            assertThat(j.outcome(id).orElseThrow().state()).isEqualTo("accepted");
            j.record(id, "succeeded", null, "{}");
            assertThat(j.claim(nonce, id, expires, "rejected", "command.unknown: x")).isEqualTo(Claim.SAME_COMMAND);
            String other = id();
            assertThat(j.claim(nonce, other, expires, "accepted", null)).as("nonce under another id").isEqualTo(Claim.REPLAY);
            assertThat(j.outcome(id).orElseThrow().state()).as("a repeat changes nothing").isEqualTo("succeeded");
            assertThat(j.outcome(other)).as("a replay records nothing").isEmpty();

            String unfit = id();
            assertThat(j.claim(SignedCommandBuilder.newNonce(), unfit, expires, "rejected", "params.invalid: hz 99"))
                    .isEqualTo(Claim.NEW);
            Outcome o = j.outcome(unfit).orElseThrow();
            assertThat(o.state()).isEqualTo("rejected");
            assertThat(o.reason()).contains("params.invalid: hz 99");
            assertThatThrownBy(() -> j.claim(SignedCommandBuilder.newNonce(), id(), expires, "done", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown state done");
        }
    }

    @Test
    void record_refusesAStateTheReplySchemaDoesNotKnow() {
        try (CommandJournal j = open()) {
            assertThatThrownBy(() -> j.record(id(), "done", null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown state done");
            assertThat(j.outcomes()).isZero();
        }
    }

    @Test
    void purge_forgetsWhatExpiredLongerAgoThanKeep_andKeepsTheRest() {
        try (CommandJournal j = open()) {
            String old = id();
            String recent = id();
            String unclaimed = id();                    // e.g. a malformed command answered under its id
            j.claim(SignedCommandBuilder.newNonce(), old, clock.now().plusSeconds(60));
            j.record(old, "succeeded", null, null);
            j.record(unclaimed, "rejected", "malformed: missing field nonce", null);
            clock.advance(Duration.ofMinutes(30));
            j.claim(SignedCommandBuilder.newNonce(), recent, clock.now().plusSeconds(60));
            j.record(recent, "accepted", null, null);

            int gone = j.purge(clock.now(), Duration.ofMinutes(10));

            assertThat(gone).isEqualTo(3);
            assertThat(j.claims()).isEqualTo(1);
            assertThat(j.outcomes()).isEqualTo(1);
            assertThat(j.outcome(old)).isEmpty();
            assertThat(j.outcome(unclaimed)).isEmpty();
            assertThat(j.outcome(recent)).map(Outcome::state).contains("accepted");
            assertThat(j.purge(clock.now(), Duration.ofMinutes(10))).isZero();
        }
    }

    @Test
    void corruptFile_isMovedAside_withAnAlarm_andTheSessionCounterDoesNotGoBack() throws Exception {
        long before;
        try (CommandJournal j = open()) {
            j.nextSession();
            before = j.nextSession();
            j.claim(SignedCommandBuilder.newNonce(), id(), clock.now().plusSeconds(60));
        }
        byte[] garbage = "this is not a database, it is what a dying SD card left behind ".repeat(100)
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("commands.db"), garbage);

        try (CommandJournal j = open()) {
            assertThat(j.startedFresh()).isTrue();
            assertThat(alarms).singleElement().satisfies(a -> {
                assertThat(a.code()).isEqualTo("commands.journal-corrupt");
                assertThat(a.text()).contains("commands.db").contains(".corrupt-").contains("replay cache");
            });
            long after = j.nextSession();
            assertThat(after).isGreaterThan(before).isEqualTo(CommandFixture.T0.getEpochSecond() + 1);
            assertThat(j.claims()).isZero();
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().matches("commands\\.db\\.corrupt-\\d+")).findFirst()
                    .orElseThrow(() -> new AssertionError("no commands.db.corrupt-<millis> in " + dir));
            assertThat(Files.readAllBytes(aside)).as("moved, never deleted or changed").isEqualTo(garbage);
        }
        try (CommandJournal j = open()) {
            assertThat(j.nextSession()).as("the fresh journal counts on normally").isEqualTo(CommandFixture.T0.getEpochSecond() + 2);
            assertThat(alarms).hasSize(1);
        }
    }

    @Test
    void purge_refusesANegativeKeep() {
        try (CommandJournal j = open()) {
            assertThatThrownBy(() -> j.purge(clock.now(), Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("≥ 0");
        }
    }
}

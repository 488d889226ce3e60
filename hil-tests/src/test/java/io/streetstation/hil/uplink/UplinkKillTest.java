package io.streetstation.hil.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streetstation.hil.broker.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A station process killed with SIGKILL twenty times at random moments, restarted on the same
 * state each time: every event it had been told was taken (its outbox commit returned) reaches
 * central, re-sends only as the same message with the same seq.
 */
class UplinkKillTest {

    private static final String STATION = "ST-KILL";
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    private Process child(EmbeddedBroker broker, Path state, String mode, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                UplinkSoakMain.class.getName(), broker.url(), state.toString(), STATION, mode)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    @Test
    void killedStation_isAnnouncedOfflineByItsWill_withTheSessionOfTheDeadConnection() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Path state = dir.resolve("station");
            Files.createDirectories(state);
            Path log = dir.resolve("child.log");
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
                 CentralProbe central = new CentralProbe(broker.url(), "central", STATION).connect()) {
                Process p = child(broker, state, "produce", log);
                try {
                    Await.until(Duration.ofSeconds(20), () -> central.on("/station/status").stream()
                            .anyMatch(r -> r.body().path("state").asText().equals("ONLINE")), () -> "no ONLINE status (see " + log + ")");
                } finally {
                    p.destroyForcibly();   // SIGKILL: the broker sees the connection drop, no DISCONNECT
                    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
                long online = central.on("/station/status").stream()
                        .filter(r -> r.body().path("state").asText().equals("ONLINE")).mapToLong(CentralProbe.Received::session)
                        .max().orElseThrow();
                // the will waits out its delay (a new connection within it would cancel it), then goes out
                Await.until(Duration.ofSeconds(30), () -> central.on("/station/status").stream()
                        .anyMatch(r -> r.body().path("state").asText().equals("OFFLINE")), () -> "no will published");
                CentralProbe.Received will = central.on("/station/status").stream()
                        .filter(r -> r.body().path("state").asText().equals("OFFLINE")).findFirst().orElseThrow();
                assertThat(will.body().path("session").asLong()).isEqualTo(online);
                assertThat(will.body().path("reason").asText()).isEqualTo("connection lost");
            }
        });
    }

    @Test
    void killedTwentyTimes_everyTakenEventArrives_andReSendsKeepTheirSeq() {
        assertTimeoutPreemptively(Duration.ofSeconds(150), () -> {
            Path state = dir.resolve("station");
            Files.createDirectories(state);
            Path log = dir.resolve("child.log");
            Random random = new Random(20261123L);
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker"))
                    .persistentSessions());
                 CentralProbe central = new CentralProbe(broker.url(), "central", STATION).connect()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < KILLS; i++) {
                    Process p = child(broker, state, "produce", log);
                    try {
                        long lifeMs = 300 + random.nextInt(1_201);
                        assertThat(p.waitFor(lifeMs, TimeUnit.MILLISECONDS))
                                .as("the producer exited by itself (see %s)", log).isFalse();
                    } finally {
                        p.destroyForcibly();   // SIGKILL: no shutdown hook, no DISCONNECT, no last commit
                        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    }
                }
                double killPhase = (System.nanoTime() - t0) / 1e9;

                long d0 = System.nanoTime();
                Process drain = child(broker, state, "drain", log);
                assertThat(drain.waitFor(60, TimeUnit.SECONDS)).as("drain finished (see %s)", log).isTrue();
                assertThat(drain.exitValue()).as("drain exit code (see %s): %s", log, Files.readString(log)).isZero();
                double drainPhase = (System.nanoTime() - d0) / 1e9;

                List<String> takenLines = Files.readAllLines(state.resolve("taken"));
                Set<String> taken = new HashSet<>(takenLines);
                assertThat(taken).as("events taken over %d lives", KILLS).hasSizeGreaterThan(100);
                Await.until(Duration.ofSeconds(20), () -> central.ids().containsAll(taken),
                        () -> "central misses " + taken.stream().filter(id -> !central.ids().contains(id)).count()
                                + " of " + taken.size());

                List<CentralProbe.Received> events = central.on("/station/events").stream()
                        .filter(r -> taken.contains(r.id())).toList();
                long copies = events.size();
                Set<Long> sessions = central.all().stream().map(CentralProbe.Received::session).collect(Collectors.toSet());
                System.out.printf("kill test: %d kills in %.1f s, %d events taken, %d copies received (%d re-sends), "
                                + "%d sessions seen, drain process ran %.1f s%n",
                        KILLS, killPhase, taken.size(), copies, copies - taken.size(), sessions.size(), drainPhase);

                assertThat(takenLines).doesNotHaveDuplicates();
                // a re-send after a kill is the same message: same id, same seq
                assertThat(central.seqsById()).allSatisfy((id, seqs) -> assertThat(seqs).as("seqs of %s", id).hasSize(1));
                // and no two messages share a seq
                assertThat(central.all().stream().collect(Collectors.groupingBy(CentralProbe.Received::seq,
                        Collectors.mapping(CentralProbe.Received::id, Collectors.toSet()))))
                        .allSatisfy((seq, ids) -> assertThat(ids).as("ids with seq %d", seq).hasSize(1));
                assertThat(sessions).as("a new session per life that connected").hasSizeGreaterThan(1);
            }
        });
    }
}

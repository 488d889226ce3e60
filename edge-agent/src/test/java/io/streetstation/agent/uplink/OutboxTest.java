package io.streetstation.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real SQLite file. */
class OutboxTest {

    @TempDir
    Path dir;

    private final List<OutboxAlarm> alarms = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();

    private Outbox open(Outbox.Config config) {
        return Outbox.open(dir.resolve("outbox.db"), config, clock, alarms::add);
    }

    private static long put(Outbox o, TrafficClass c, String text) throws Exception {
        return o.append(Outbox.Message.of(UUID.randomUUID().toString(), c, "station.event/1",
                "stations/s/station/" + c.name().toLowerCase(), false, text.getBytes(StandardCharsets.UTF_8), Instant.now()))
                .get(5, TimeUnit.SECONDS);
    }

    private static Outbox.Message event(String id, byte[] body) {
        return Outbox.Message.of(id, TrafficClass.EVENT, "station.event/1", "t", false, body, Instant.now());
    }

    private static List<String> bodies(List<Outbox.Stored> s) {
        return s.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void appended_survivesReopen_andTheSequenceIsNeverReused() throws Exception {
        long first;
        long last;
        try (Outbox o = open(Outbox.Config.defaults())) {
            first = put(o, TrafficClass.EVENT, "roof open");
            last = put(o, TrafficClass.CAPTURE, "person");
            assertThat(last).isGreaterThan(first);
            o.acked(first);
            o.acked(last);
            o.next(1, List.of());            // the acks are committed before a query runs
            assertThat(o.total()).isZero();
        }
        try (Outbox o = open(Outbox.Config.defaults())) {
            long after = put(o, TrafficClass.EVENT, "bay 2 charging");
            assertThat(after).as("a deleted sequence number is not handed out again").isGreaterThan(last);
            assertThat(bodies(o.next(10, List.of()))).containsExactly("bay 2 charging");
        }
        try (Outbox o = open(Outbox.Config.defaults())) {
            assertThat(o.depth()).containsEntry(TrafficClass.EVENT, 1);
        }
    }

    @Test
    void drainOrder_statusAndRepliesFirst_thenLiveByPriority_thenBacklogInOrder() throws Exception {
        try (Outbox o = open(Outbox.Config.defaults())) {
            put(o, TrafficClass.TELEMETRY, "old telemetry");
            put(o, TrafficClass.CAPTURE, "old capture");
            put(o, TrafficClass.EVENT, "old event 1");
            put(o, TrafficClass.EVENT, "old event 2");
            o.markLive();                          // reconnected: what is stored is backlog
            put(o, TrafficClass.TELEMETRY, "live telemetry");
            put(o, TrafficClass.EVENT, "live event");
            put(o, TrafficClass.REPLY, "reply");
            put(o, TrafficClass.STATUS, "birth");

            List<Outbox.Stored> next = o.next(20, List.of());
            assertThat(bodies(next)).containsExactly("birth", "reply", "live event", "live telemetry",
                    "old event 1", "old event 2", "old capture", "old telemetry");
            assertThat(o.isBacklog(next.get(4).seq())).isTrue();
            assertThat(o.isBacklog(next.get(2).seq())).isFalse();

            Set<Long> inFlight = Set.of(next.get(0).seq(), next.get(1).seq());
            assertThat(bodies(o.next(2, inFlight))).containsExactly("live event", "live telemetry");
        }
    }

    @Test
    void telemetryAtItsQuota_losesItsOldest_withAnAlarm() throws Exception {
        try (Outbox o = open(Outbox.Config.defaults().withQuota(TrafficClass.TELEMETRY, 3))) {
            for (int i = 1; i <= 5; i++) {
                put(o, TrafficClass.TELEMETRY, "t" + i);
            }
            assertThat(bodies(o.next(10, List.of()))).containsExactly("t3", "t4", "t5");
            assertThat(o.telemetryDropped()).isEqualTo(2);
            assertThat(alarms).anySatisfy(a -> assertThat(a.code()).isEqualTo("outbox.telemetry-dropped"));
        }
    }

    @Test
    void eventsAtTheirQuota_areRefusedNotDropped_alarmRaisedOnceAndCleared() throws Exception {
        try (Outbox o = open(Outbox.Config.defaults().withQuota(TrafficClass.EVENT, 10))) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                seqs.add(put(o, TrafficClass.EVENT, "e" + i));
            }
            for (int i = 0; i < 3; i++) {
                int n = i;
                assertThatThrownBy(() -> put(o, TrafficClass.EVENT, "over " + n)).hasCauseInstanceOf(OutboxFullException.class)
                        .hasMessageContaining("outbox full for EVENT: 10 messages");
            }
            assertThat(bodies(o.next(20, List.of()))).hasSize(10).doesNotContain("over 0");
            assertThat(alarms.stream().filter(a -> a.code().equals("outbox.full"))).hasSize(1);
            assertThat(put(o, TrafficClass.CAPTURE, "captures have their own quota")).isPositive();

            seqs.subList(0, 3).forEach(o::acked);              // 7 left + 1 new: below 90 % of 10
            put(o, TrafficClass.EVENT, "taken again");
            assertThat(alarms).anySatisfy(a -> assertThat(a.code()).isEqualTo("outbox.full-cleared"));
        }
    }

    @Test
    void oldestAge_isTheWaitOfTheOldestMessage_andZeroWhenEmpty() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        Clock stepping = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        try (Outbox o = Outbox.open(dir.resolve("aged.db"), Outbox.Config.defaults(), stepping, alarms::add)) {
            assertThat(o.oldestAge()).isZero();
            long first = put(o, TrafficClass.EVENT, "first");
            now.addAndGet(30_000);
            put(o, TrafficClass.EVENT, "second");
            now.addAndGet(15_000);
            assertThat(o.oldestAge()).isEqualTo(java.time.Duration.ofSeconds(45));
            o.acked(first);
            o.next(1, List.of());   // a query queues behind the delete: once it answers, the delete is done
            assertThat(o.oldestAge()).isEqualTo(java.time.Duration.ofSeconds(15));
        }
    }

    @Test
    void theSameMessageIdTwice_isStoredOnce() throws Exception {
        try (Outbox o = open(Outbox.Config.defaults())) {
            String id = UUID.randomUUID().toString();
            long a = o.append(event(id, new byte[] {1})).get();
            long b = o.append(event(id, new byte[] {2})).get();
            assertThat(b).isEqualTo(a);
            assertThat(o.next(10, List.of())).singleElement().satisfies(m -> assertThat(m.body()).containsExactly(1));
        }
    }

    @Test
    void concurrentProducers_areGroupCommitted() {
        try (Outbox o = open(Outbox.Config.defaults())) {
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                all.add(o.append(event(UUID.randomUUID().toString(), new byte[16])));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            assertThat(all.stream().map(CompletableFuture::join).distinct()).hasSize(2_000);
            assertThat(o.commits()).as("2,000 appends in far fewer transactions").isLessThan(200);
            assertThat(o.depth()).containsEntry(TrafficClass.EVENT, 2_000);
        }
    }

    @Test
    void aCorruptDatabase_isMovedAsideNeverDeleted_andTheOutboxStartsAfresh() throws Exception {
        Path db = dir.resolve("outbox.db");
        Files.write(db, "this is not an SQLite database, it is what a torn write left".repeat(100).getBytes());
        try (Outbox o = open(Outbox.Config.defaults())) {
            assertThat(put(o, TrafficClass.EVENT, "after")).isPositive();
        }
        assertThat(alarms).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("outbox.corrupt");
            assertThat(a.text()).contains("moved to");
        });
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("outbox.db.corrupt-")).findFirst().orElseThrow();
            assertThat(Files.readString(aside)).startsWith("this is not an SQLite database");
        }
    }

    @Test
    void afterClose_appendsAreRefused() {
        Outbox o = open(Outbox.Config.defaults());
        o.close();
        assertThatThrownBy(() -> o.append(event("x", new byte[0])).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("outbox closed");
    }

    @Test
    void quotas_mustBeSetForEveryClass() {
        assertThatThrownBy(() -> new Outbox.Config(java.util.Map.of(TrafficClass.EVENT, 5), 1L << 30))
                .hasMessageContaining("quota for STATUS must be set");
    }

    @Test
    void appendsRacingClose_eachCompletes_andWhatWasTakenIsStored() throws Exception {
        for (int round = 0; round < 30; round++) {
            Path file = dir.resolve("race-" + round + ".db");
            Outbox o = Outbox.open(file, Outbox.Config.defaults(), clock, alarms::add);
            List<CompletableFuture<Long>> futures = new CopyOnWriteArrayList<>();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        CompletableFuture<Long> f = o.append(event(UUID.randomUUID().toString(), new byte[64]));
                        futures.add(f);
                        if (f.isCompletedExceptionally()) {
                            return;   // closed: every later append would be refused the same way
                        }
                    }
                }));
            }
            Thread.sleep(round % 5);
            o.close();
            for (Thread t : producers) {
                t.join(10_000);
            }
            // close()'s contract under racing appends: each is answered, and what was taken is stored.
            // (The race fixed with it, an append queued behind the stop and never answered, had a
            // window of a few instructions: this exercises the contract, it cannot reproduce that.)
            long taken = 0;
            for (CompletableFuture<Long> f : futures) {
                try {
                    f.get(5, TimeUnit.SECONDS);
                    taken++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("outbox closed");
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("round " + round + ": an append racing close() was never answered", e);
                }
            }
            try (Outbox reopened = Outbox.open(file, Outbox.Config.defaults(), clock, alarms::add)) {
                assertThat(reopened.total()).as("round %d: what close() said was taken is stored", round)
                        .isEqualTo(taken);
            }
        }
    }

    @Test
    void fullDisk_refusesWithWriteErrorAndAlarm_keepsWhatWasStored_andRecovers() throws Exception {
        // the size limit makes SQLite answer SQLITE_FULL exactly as a full file system does
        Outbox o = open(Outbox.Config.defaults().withMaxBytes(256 * 1024));
        List<Long> announced = new CopyOnWriteArrayList<>();
        o.onAccepted(m -> announced.add(m.seq()));
        List<Long> taken = new ArrayList<>();
        Throwable failure = null;
        for (int i = 0; i < 1_000 && failure == null; i++) {
            try {
                taken.add(o.append(event(UUID.randomUUID().toString(), new byte[4096])).get(5, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause();
            }
        }
        assertThat(failure).isInstanceOf(OutboxWriteException.class).hasMessageContaining("full");
        assertThat(alarms).extracting(OutboxAlarm::code).contains("outbox.write-failed");
        assertThat(taken).isNotEmpty();
        assertThat(o.depth().get(TrafficClass.EVENT)).isEqualTo(taken.size());
        // after a failed write nothing is announced until a write commits again: the uplink would
        // publish what the disk cannot keep, and the producer would send it again under a new id
        int announcedBefore = announced.size();
        assertThat(o.append(event(UUID.randomUUID().toString(), new byte[4096])))
                .failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(OutboxWriteException.class);
        assertThat(announced).hasSize(announcedBefore);
        // what was taken is all there, in order; draining makes room again
        List<Outbox.Stored> first = o.next(taken.size(), List.of());
        assertThat(first).extracting(Outbox.Stored::seq).containsExactlyElementsOf(taken);
        first.forEach(m -> o.acked(m.seq()));
        long again = o.append(event(UUID.randomUUID().toString(), new byte[4096])).get(5, TimeUnit.SECONDS);
        assertThat(again).isGreaterThan(taken.get(taken.size() - 1));
        // a failed write may have been announced (it was queued while the writes before it succeeded):
        // such a number is never given to another message
        assertThat(announced).containsAll(taken);
        assertThat(announced).filteredOn(n -> !taken.contains(n) && n != again).allSatisfy(n -> assertThat(n).isLessThan(again));
        o.close();
    }

    @Test
    void appends_areAnnouncedAsTheyAreQueued_committedAfter_andAReopenNeverReusesANumber() throws Exception {
        Outbox o = open(Outbox.Config.defaults());
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<Long>> taken = new java.util.concurrent.atomic.AtomicReference<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        List<Long> committed = new CopyOnWriteArrayList<>();
        o.onAccepted(m -> {
            CompletableFuture<Long> f = taken.get();
            announced.add(m.seq() + " " + new String(m.body(), StandardCharsets.UTF_8)
                    + (f != null && f.isDone() ? " (producer told)" : " (producer not told yet)")
                    + " on " + Thread.currentThread().getName());
        });
        o.onAppend(committed::addAll);
        taken.set(o.append(event(UUID.randomUUID().toString(), "roof open".getBytes(StandardCharsets.UTF_8))));
        long seq = taken.get().get(5, TimeUnit.SECONDS);
        assertThat(announced).containsExactly(seq + " roof open (producer not told yet) on " + Thread.currentThread().getName());
        assertThat(committed).containsExactly(seq);
        o.close();

        // the append was announced (maybe published) before its write: had a crash lost that commit,
        // the number must not go to another message, so every open skips more than may be waiting
        Outbox reopened = open(Outbox.Config.defaults());
        long next = put(reopened, TrafficClass.EVENT, "bay 2 charging");
        assertThat(next).isGreaterThan(seq + 4_096);
        reopened.close();
    }

    @Test
    void concurrentProducers_areAnnouncedInNumberOrder_withTheNumbersTheirCommitsReturn() throws Exception {
        Outbox o = open(Outbox.Config.defaults());
        List<Long> announced = new CopyOnWriteArrayList<>();
        o.onAccepted(m -> announced.add(m.seq()));
        List<CompletableFuture<Long>> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    taken.add(o.append(event(UUID.randomUUID().toString(), "e".getBytes(StandardCharsets.UTF_8))));
                }
            }));
        }
        for (Thread t : producers) {
            t.join();
        }
        List<Long> seqs = new ArrayList<>();
        for (CompletableFuture<Long> f : taken) {
            seqs.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(announced).hasSize(2_000).isSorted().doesNotHaveDuplicates();
        assertThat(announced).containsExactlyInAnyOrderElementsOf(seqs);
        // the queue is the numbers' order: the backlog drains exactly as announced
        assertThat(o.next(2_000, List.of())).extracting(Outbox.Stored::seq).containsExactlyElementsOf(announced);
        o.close();
    }

    @Test
    void anAppendTheQuotaWillRefuse_countingWhatIsQueued_isNeverAnnounced() throws Exception {
        Outbox o = open(Outbox.Config.defaults().withQuota(TrafficClass.EVENT, 3).withQuota(TrafficClass.TELEMETRY, 2));
        List<String> announced = new CopyOnWriteArrayList<>();
        o.onAccepted(m -> announced.add(new String(m.body(), StandardCharsets.UTF_8)));
        List<CompletableFuture<Long>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {   // not waited for: all five queued before the writer stores any
            events.add(o.append(event(UUID.randomUUID().toString(), ("e" + i).getBytes(StandardCharsets.UTF_8))));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i)).succeedsWithin(5, TimeUnit.SECONDS);
        }
        for (int i = 3; i < 5; i++) {
            assertThat(events.get(i)).failsWithin(5, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(OutboxFullException.class);
        }
        // telemetry at its quota drops its oldest instead: every one is stored for a while, so announced
        for (int i = 0; i < 3; i++) {
            put(o, TrafficClass.TELEMETRY, "t" + i);
        }
        assertThat(announced).containsExactly("e0", "e1", "e2", "t0", "t1", "t2");
        assertThat(bodies(o.next(10, List.of()))).containsExactly("e0", "e1", "e2", "t1", "t2");
        o.close();
    }

    @Test
    void acknowledgementsAlone_commitWithoutASync_everythingElseSyncs() throws Exception {
        int full = 2;
        int normal = 1;
        Outbox o = open(Outbox.Config.defaults());
        long a = put(o, TrafficClass.EVENT, "a");
        assertThat(o.synchronous()).isEqualTo(full);
        o.acked(a);
        assertThat(o.synchronous()).as("after a batch of deletes alone").isEqualTo(normal);
        assertThat(o.depth().get(TrafficClass.EVENT)).isZero();
        long b = put(o, TrafficClass.EVENT, "b");
        assertThat(o.synchronous()).as("an append's commit").isEqualTo(full);
        o.acked(b);
        assertThat(o.synchronous()).isEqualTo(normal);
        o.reserveSeq();
        assertThat(o.synchronous()).as("a reserved number (the will's)").isEqualTo(full);
        long c = put(o, TrafficClass.EVENT, "c");
        long d = put(o, TrafficClass.EVENT, "d");
        o.acked(c);
        assertThat(o.synchronous()).isEqualTo(normal);
        o.refuse(d, "not authorised");
        assertThat(o.synchronous()).as("a refusal").isEqualTo(full);
        o.close();
        // what was acknowledged without a sync is still gone after a reopen
        Outbox reopened = open(Outbox.Config.defaults());
        assertThat(reopened.total()).isZero();
        reopened.close();
    }

    @Test
    void anAcknowledgementThatOvertakesItsOwnWrite_stillTakesTheMessageOut() throws Exception {
        // the uplink publishes a message as it is announced, so the broker's PUBACK can come back
        // before the writer has inserted it; its delete then lands in the same batch as the insert
        Outbox o = open(Outbox.Config.defaults());
        o.onAccepted(m -> o.acked(m.seq()));
        List<CompletableFuture<Long>> taken = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            taken.add(o.append(event(UUID.randomUUID().toString(), ("e" + i).getBytes(StandardCharsets.UTF_8))));
        }
        CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        long commits = o.commits();
        // a query runs after every write queued before it: by then each delete has been done
        assertThat(o.next(10, Set.of())).as("left behind, to be sent again").isEmpty();
        assertThat(o.total()).isZero();
        assertThat(commits).as("inserts and their deletes went in shared batches").isLessThan(500);
        o.close();
        Outbox reopened = open(Outbox.Config.defaults());
        assertThat(reopened.total()).isZero();
        reopened.close();
    }

    @Test
    void reserveSeq_advancesTheSameSequence_andDiscardForgetsOnlyThatClass() throws Exception {
        Outbox o = open(Outbox.Config.defaults());
        long a = put(o, TrafficClass.STATUS, "birth");
        long r = o.reserveSeq();
        long b = put(o, TrafficClass.EVENT, "e");
        assertThat(r).isEqualTo(a + 1);
        assertThat(b).isEqualTo(r + 1);
        long block = o.reserveSeqs(1_000);   // one transaction for the whole block
        assertThat(block).isEqualTo(b + 1);
        assertThat(put(o, TrafficClass.EVENT, "after the block")).isEqualTo(block + 1_000);
        assertThat(o.discard(TrafficClass.STATUS)).isEqualTo(1);
        assertThat(o.depth().get(TrafficClass.STATUS)).isZero();
        assertThat(bodies(o.next(10, List.of()))).containsExactly("e", "after the block");
        o.close();
    }

    @Test
    void refuse_movesTheMessageAside_withAlarm_andTheQueueGoesOn() throws Exception {
        Outbox o = open(Outbox.Config.defaults());
        long bad = put(o, TrafficClass.EVENT, "bad");
        put(o, TrafficClass.EVENT, "good");
        o.refuse(bad, "reason code 0x87");
        assertThat(bodies(o.next(10, List.of()))).containsExactly("good");
        assertThat(o.refused()).isEqualTo(1);
        assertThat(alarms).extracting(OutboxAlarm::code).contains("outbox.refused");
        o.close();
    }
}

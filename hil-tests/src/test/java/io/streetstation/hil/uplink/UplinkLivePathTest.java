package io.streetstation.hil.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.hil.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live path against a real broker: an event appended while the link is up and idle is
 * published by the thread that appended it, without a hand-over to the supervisor; when the two
 * paths mix (a burst from several producers through a small window) every event still arrives once,
 * live, and in number order.
 */
class UplinkLivePathTest {

    private static final String STATION = "ST-LIVE";

    @TempDir
    Path dir;

    private UplinkStation station(String url, int window) {
        return UplinkStation.start(url, dir.resolve("outbox.db"),
                UplinkStation.options(STATION, Duration.ofSeconds(2), Duration.ofSeconds(1), window),
                new AtomicLong()::incrementAndGet, m -> { }, 7);
    }

    @Test
    void eventsOneAtATimeOnAnIdleLink_arePublishedByTheirProducer_liveAndInOrder() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
                 CentralProbe central = new CentralProbe(broker.url(), "central", STATION).connect();
                 UplinkStation st = station(broker.url(), 20)) {
                Await.until(Duration.ofSeconds(15), () -> !central.on("/station/birth").isEmpty() && st.outbox().total() == 0,
                        () -> st.uplink().statistics().toString());
                Uplink.Statistics before = st.uplink().statistics();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = Uuid7.id();
                    ids.add(id);
                    st.event(id).get(5, TimeUnit.SECONDS);
                    Await.until(Duration.ofSeconds(5), () -> central.ids().contains(id) && st.outbox().total() == 0,
                            () -> "central has " + central.ids().size() + "; outbox " + st.outbox().depth());
                }
                Uplink.Statistics after = st.uplink().statistics();
                System.out.printf("live one at a time: %d of 50 published by their producer; %s%n",
                        after.publishedByProducer() - before.publishedByProducer(), after);

                List<CentralProbe.Received> events = central.on("/station/events");
                assertThat(events).extracting(CentralProbe.Received::id).containsExactlyElementsOf(ids);
                assertThat(events).allSatisfy(r -> assertThat(r.historical()).as("live, not backlog").isFalse());
                assertThat(events).extracting(CentralProbe.Received::seq).isSorted().doesNotHaveDuplicates();
                assertThat(after.published() - before.published()).isEqualTo(50);
                // each goes by its producer unless the supervisor holds the drain at that moment
                // (handling the previous one's PUBACK): then it hands over, so not necessarily all 50
                assertThat(after.publishedByProducer() - before.publishedByProducer())
                        .as("events published by the thread that appended them: %s", after).isPositive();
                assertThat(after.retried()).isZero();
            }
        });
    }

    @Test
    void aBurstFromFourProducersThroughASmallWindow_mixesBothPaths_withoutLossDuplicateOrReordering() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
                 CentralProbe central = new CentralProbe(broker.url(), "central", STATION).connect();
                 UplinkStation st = station(broker.url(), 4)) {
                Await.until(Duration.ofSeconds(15), () -> !central.on("/station/birth").isEmpty() && st.outbox().total() == 0,
                        () -> st.uplink().statistics().toString());
                Uplink.Statistics before = st.uplink().statistics();
                List<String> ids = Collections.synchronizedList(new ArrayList<>());
                ExecutorService producers = Executors.newFixedThreadPool(4);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int p = 0; p < 4; p++) {
                        done.add(producers.submit(() -> {
                            List<CompletableFuture<Long>> taken = new ArrayList<>();
                            for (int i = 0; i < 500; i++) {
                                String id = Uuid7.id();
                                ids.add(id);
                                taken.add(st.event(id));
                                if (i % 50 == 49) {
                                    Thread.sleep(2);   // pauses, so the link goes idle now and then
                                }
                            }
                            CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                } finally {
                    producers.shutdownNow();
                }
                Await.until(Duration.ofSeconds(30), () -> central.ids().containsAll(ids) && st.outbox().total() == 0,
                        () -> "central has " + central.ids().size() + " of " + ids.size() + "; outbox " + st.outbox().depth()
                                + "; " + st.uplink().statistics());
                Uplink.Statistics after = st.uplink().statistics();
                long direct = after.publishedByProducer() - before.publishedByProducer();
                long all = after.published() - before.published();
                System.out.printf("burst: %d published, %d by their producer; %s%n", all, direct, after);

                List<CentralProbe.Received> events = central.on("/station/events");
                assertThat(events).hasSize(2_000);
                assertThat(events).extracting(CentralProbe.Received::id).doesNotHaveDuplicates();
                // one publisher, one topic, QoS 1: the broker keeps the order it was sent in
                assertThat(events).extracting(CentralProbe.Received::seq).isSorted().doesNotHaveDuplicates();
                assertThat(events).allSatisfy(r -> assertThat(r.historical()).isFalse());
                assertThat(all).as("each once, and again only if the client did not take it").isEqualTo(2_000 + after.retried() - before.retried());
                assertThat(direct).as("some by their producer").isPositive();
                assertThat(all - direct).as("some by the supervisor (the window of 4 fills)").isPositive();
            }
        });
    }
}

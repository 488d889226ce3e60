package io.streetstation.hil.bench;

import io.streetstation.agent.uplink.Bodies;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.PahoTransport;
import io.streetstation.agent.uplink.TrafficClass;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.central.MessageCallback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@code hil-tests/bench uplink}: the outbox's durable throughput, on this machine's disk and
 * loopback. {@code outbox_enqueue_per_s}: 200-byte events appended by four producers until every
 * one is committed (WAL, {@code synchronous=FULL}, group commit). {@code outbox_drain_per_s}: a
 * filled outbox drained by the production {@link Uplink} to an embedded MQTT 5 broker, each
 * message deleted on its PUBACK, from the uplink's start (connect included) until the outbox is
 * empty, after a warm-up drain of a quarter as many; a subscriber must then have every message
 * (checked, not timed: it is central's side).
 */
final class UplinkBench implements BenchGroup {

    private static final String STATION = "bench-station";

    @Override
    public String name() {
        return "uplink";
    }

    @Override
    public String description() {
        return "outbox enqueue and drain rates (durable, to a broker on loopback), event and command latencies";
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        int n = options.quick() ? 2_000 : 20_000;
        Path dir = Files.createTempDirectory("bench-uplink");
        List<Figure> out = new ArrayList<>();
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), Outbox.Config.defaults(), Clock.systemUTC(), a -> { })) {
            byte[] body = Bodies.bytes(Bodies.event("station", Bodies.Kind.STATE, Bodies.Severity.INFO, "bench.event",
                    "x".repeat(120)));
            enqueue(outbox, body, 500);   // warm-up
            drainLocally(outbox);
            long t0 = System.nanoTime();
            enqueue(outbox, body, n);
            double enqueueRate = n / ((System.nanoTime() - t0) / 1e9);
            out.add(new Figure("outbox_enqueue_per_s", enqueueRate, "msg/s"));
            System.err.printf("bench: %d events durable in %.0f transactions%n", n, (double) outbox.commits());

            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")))) {
                AtomicLong sessions = new AtomicLong();
                int warmUp = n / 4;
                // the measured n wait while a first uplink drains a warm-up lot (JIT, broker, sockets)
                Outbox warm = Outbox.open(dir.resolve("warm-up.db"), Outbox.Config.defaults(), Clock.systemUTC(), a -> { });
                try (warm) {
                    enqueue(warm, body, warmUp);
                    drain(warm, broker, warmUp, sessions, options);
                }
                if (outbox.total() != n) {
                    throw new IllegalStateException("the outbox holds " + outbox.total() + " of " + n);
                }
                double seconds = drain(outbox, broker, n, sessions, options);
                out.add(new Figure("outbox_drain_per_s", n / seconds, "msg/s"));
            }
        }
        UplinkLatency.Result latency = UplinkLatency.measure(options.quick() ? 30 : 1_000);
        report("event pty → central", latency.eventMs());
        report("MQTT hop alone (client → broker → central)", latency.hopMs());
        report("command central → drone pty", latency.commandMs());
        report("one synced SQLite commit (the claim's floor)", latency.syncMs());
        out.add(new Figure("e2e_event_p99_ms", UplinkLatency.percentile(latency.eventMs(), 99), "ms"));
        out.add(new Figure("broker_hop_p99_ms", UplinkLatency.percentile(latency.hopMs(), 99), "ms"));
        out.add(new Figure("command_to_serial_p99_ms", UplinkLatency.percentile(latency.commandMs(), 99), "ms"));
        out.add(new Figure("disk_sync_p99_ms", UplinkLatency.percentile(latency.syncMs(), 99), "ms"));
        return out;
    }

    private static void report(String what, double[] ms) {
        System.err.printf(java.util.Locale.ROOT, "bench: %s over %d probes: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                what, ms.length, UplinkLatency.percentile(ms, 50), UplinkLatency.percentile(ms, 90),
                UplinkLatency.percentile(ms, 99), UplinkLatency.percentile(ms, 100));
    }

    /**
     * Drains {@code outbox} ({@code n} events) with a fresh production uplink: seconds from its
     * start (connect included) until the outbox is empty, every message deleted on its PUBACK.
     * Central's subscriber must then have every event (checked, not timed: a Paho v5 subscriber
     * takes about 1,100 msg/s from HiveMQ whoever publishes).
     */
    private static double drain(Outbox outbox, EmbeddedBroker broker, int n, AtomicLong sessions, BenchOptions options)
            throws Exception {
        CountDownLatch all = new CountDownLatch(n);
        MqttClient central = subscriber(broker.url(), all);
        long t1 = System.nanoTime();
        Uplink uplink = Uplink.start(new Uplink.Options(STATION, Duration.ofSeconds(30), Duration.ofHours(1),
                        Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(2), 20, Optional.empty(),
                        Optional.empty(), null), outbox, () -> new PahoTransport(broker.url()),
                sessions::incrementAndGet,
                () -> "{\"agentVersion\":\"bench\",\"stationName\":\"bench\",\"devices\":[],\"outbox\":{\"depth\":{},\"oldestAgeS\":0}}"
                        .getBytes(StandardCharsets.UTF_8),
                m -> { }, Instant::now, new SplittableRandom(1));
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(options.quick() ? 1 : 10);
            while (outbox.total() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("drain did not finish: " + outbox.total()
                            + " still in the outbox, uplink " + uplink.statistics());
                }
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.err.printf(java.util.Locale.ROOT, "bench: %d drained in %.2f s, uplink %s%n", n, seconds, uplink.statistics());
            if (!all.await(options.quick() ? 1 : 10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the subscriber is missing " + all.getCount() + " of " + n + " events");
            }
            System.err.printf(java.util.Locale.ROOT, "bench: the subscriber had all %d after %.1f s%n", n,
                    (System.nanoTime() - t1) / 1e9);
            return seconds;
        } finally {
            uplink.close();
            central.disconnect();
            central.close();
        }
    }

    private static void enqueue(Outbox outbox, byte[] body, int n) throws Exception {
        int producers = 4;
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Long>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int p = 0; p < producers; p++) {
            int share = n / producers + (p < n % producers ? 1 : 0);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < share; i++) {
                    futures.add(outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.EVENT, Bodies.EVENT,
                            "stations/" + STATION + "/station/events", false, body, Instant.now())));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    private static void drainLocally(Outbox outbox) {
        List<Outbox.Stored> all;
        while (!(all = outbox.next(1_000, List.of())).isEmpty()) {
            all.forEach(m -> outbox.acked(m.seq()));
            outbox.next(1, List.of());   // queued behind the deletes
        }
    }

    private static MqttClient subscriber(String url, CountDownLatch all) throws MqttException {
        MqttClient c = new MqttClient(url, "bench-central-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(new MessageCallback((topic, m) -> all.countDown()));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        c.subscribe("stations/" + STATION + "/station/events", 1);   // not the retained birth and status
        return c;
    }
}

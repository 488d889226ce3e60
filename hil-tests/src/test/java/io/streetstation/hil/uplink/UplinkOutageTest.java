package io.streetstation.hil.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streetstation.agent.uplink.MqttTransport;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.central.MessageCallback;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink against a real broker (HiveMQ CE embedded) through the losses Paho handles badly on
 * its own: a broker down at start, a long outage mid-stream, a peer that accepts TCP and never
 * answers, and commands queued while the station was away.
 */
class UplinkOutageTest {

    private static final String STATION = "ST-OUT";

    @TempDir
    Path dir;

    private static Uplink.Options options(Duration connectTimeout, Duration backoffMax) {
        return UplinkStation.options(STATION, connectTimeout, backoffMax, 20);
    }

    private UplinkStation station(String url, Path state, AtomicLong sessions, java.util.function.Consumer<MqttTransport.Incoming> commands) {
        return UplinkStation.start(url, state.resolve("outbox.db"), options(Duration.ofSeconds(2), Duration.ofSeconds(1)),
                sessions::incrementAndGet, commands, 42);
    }

    /** The retained status as a newcomer sees it. */
    private static String retainedStatus(String url) throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient c = new MqttClient(url, "peek-" + Uuid7.id(), new MemoryPersistence());
        try {
            c.setCallback(new MessageCallback((topic, m) ->
                    got.add(new String(m.getPayload(), StandardCharsets.UTF_8))));
            c.connect(new MqttConnectionOptions());
            // not subscribe(topic, qos, listener): in Paho 1.2.5 that overload calls itself until the stack overflows
            c.subscribe("stations/" + STATION + "/station/status", 1);
            String s = got.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("retained status").isNotNull();
            return s;
        } finally {
            c.disconnect();
            c.close();
        }
    }

    @Test
    void brokerDownAtStart_supervisorKeepsTrying_andEverythingArrivesOnceItIsUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker"))
                    .persistentSessions())) {
                // central's session exists before the station ever connects, then the broker goes down
                try (CentralProbe central = new CentralProbe(broker.url(), "central", STATION).connect()) {
                    broker.stop();
                    try (UplinkStation st = station(broker.url(), dir.resolve("st"), new AtomicLong(), m -> { })) {
                        List<String> ids = new ArrayList<>();
                        List<CompletableFuture<Long>> taken = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            String id = Uuid7.id();
                            ids.add(id);
                            taken.add(st.event(id));
                        }
                        CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                        Await.until(Duration.ofSeconds(15), () -> st.uplink().statistics().failedAttempts() >= 2,
                                () -> st.uplink().statistics().toString());
                        assertThat(st.uplink().connected()).isFalse();

                        broker.start();
                        long up = System.nanoTime();
                        central.reconnect(Duration.ofSeconds(10));
                        Await.until(Duration.ofSeconds(20), () -> central.ids().containsAll(ids),
                                () -> "central has " + central.ids().size() + " ids; " + st.uplink().statistics());
                        Await.until(Duration.ofSeconds(5), () -> st.outbox().total() == 0,
                                () -> "outbox " + st.outbox().depth());
                        double s = (System.nanoTime() - up) / 1e9;
                        System.out.printf("broker-down-at-start: 200 events delivered %.2f s after the broker came up; %s%n",
                                s, st.uplink().statistics());

                        long session = st.uplink().session();
                        assertThat(st.uplink().statistics().failedAttempts()).isPositive();
                        assertThat(central.on("/station/birth")).anySatisfy(r -> assertThat(r.session()).isEqualTo(session));
                        assertThat(central.on("/station/status")).anySatisfy(r -> {
                            assertThat(r.body().path("state").asText()).isEqualTo("ONLINE");
                            assertThat(r.session()).isEqualTo(session);
                        });
                        // everything appended while down was backlog of the connection that carried it
                        assertThat(central.all().stream().filter(r -> ids.contains(r.id())))
                                .allSatisfy(r -> assertThat(r.historical()).isTrue());
                        assertThat(central.seqsById().values()).allSatisfy(seqs -> assertThat(seqs).hasSize(1));
                    }
                }
            }
        });
    }

    @Test
    void longOutageMidStream_everyTakenEventArrives_backlogIsHistorical_andANewSessionIsOnline() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker"))
                    .persistentSessions());
                 CentralProbe central = new CentralProbe(broker.url(), "central", STATION).connect();
                 UplinkStation st = station(broker.url(), dir.resolve("st"), new AtomicLong(), m -> { })) {
                Await.until(Duration.ofSeconds(10), st.uplink()::connected, () -> st.uplink().statistics().toString());
                long firstSession = st.uplink().session();

                Set<String> taken = ConcurrentHashMap.newKeySet();
                Set<String> duringOutage = ConcurrentHashMap.newKeySet();
                Set<String> afterReconnect = ConcurrentHashMap.newKeySet();
                AtomicBoolean brokerDown = new AtomicBoolean();
                AtomicBoolean reconnected = new AtomicBoolean();
                AtomicBoolean producing = new AtomicBoolean(true);
                List<Throwable> producerErrors = new CopyOnWriteArrayList<>();
                Thread producer = Thread.ofPlatform().name("producer").start(() -> {
                    while (producing.get()) {
                        String id = Uuid7.id();
                        boolean down = brokerDown.get();
                        boolean live = reconnected.get();
                        st.event(id).whenComplete((seq, e) -> {
                            if (e != null) {
                                producerErrors.add(e);
                                return;
                            }
                            taken.add(id);
                            if (down && brokerDown.get()) {
                                duringOutage.add(id);
                            }
                            if (live) {
                                afterReconnect.add(id);
                            }
                        });
                        try {
                            Thread.sleep(50);   // the producer's rate: 20 events/s
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });

                Await.until(Duration.ofSeconds(10), () -> taken.size() >= 40, () -> taken.size() + " taken");
                broker.stop();
                brokerDown.set(true);
                long downAt = System.nanoTime();
                Await.until(Duration.ofSeconds(20), () -> System.nanoTime() - downAt > 10_000_000_000L, () -> "");
                assertThat(st.uplink().connected()).isFalse();
                long failedWhileDown = st.uplink().statistics().failedAttempts();
                brokerDown.set(false);
                broker.start();
                central.reconnect(Duration.ofSeconds(10));
                Await.until(Duration.ofSeconds(15), () -> st.uplink().connected() && st.uplink().session() > firstSession,
                        () -> st.uplink().statistics().toString());
                long newSession = st.uplink().session();
                reconnected.set(true);
                Await.until(Duration.ofSeconds(10), () -> afterReconnect.size() >= 20, () -> afterReconnect.size() + " live");
                producing.set(false);
                producer.join(5_000);

                long drainFrom = System.nanoTime();
                Await.until(Duration.ofSeconds(30), () -> st.outbox().total() == 0 && central.ids().containsAll(taken),
                        () -> "outbox " + st.outbox().depth() + ", central misses "
                                + taken.stream().filter(id -> !central.ids().contains(id)).count());
                System.out.printf("long outage: %d taken (%d while down), drained in %.2f s; failed attempts while down %d; %s%n",
                        taken.size(), duringOutage.size(), (System.nanoTime() - drainFrom) / 1e9, failedWhileDown,
                        st.uplink().statistics());

                assertThat(producerErrors).isEmpty();
                assertThat(duringOutage).hasSizeGreaterThan(100);
                assertThat(failedWhileDown).isPositive();
                assertThat(newSession).isGreaterThan(firstSession);
                // duplicates only as the same message: a re-send keeps its id and its seq
                assertThat(central.seqsById().values()).allSatisfy(seqs -> assertThat(seqs).hasSize(1));
                // what was taken while the broker was down went out later, as backlog
                assertThat(central.all().stream().filter(r -> duringOutage.contains(r.id())))
                        .isNotEmpty()
                        .allSatisfy(r -> {
                            assertThat(r.historical()).isTrue();
                            assertThat(r.session()).isGreaterThan(firstSession);
                        });
                // what was produced once the new connection stood went out live on it
                assertThat(central.all().stream().filter(r -> afterReconnect.contains(r.id())))
                        .allSatisfy(r -> {
                            assertThat(r.historical()).isFalse();
                            assertThat(r.session()).isEqualTo(newSession);
                        });
                assertThat(central.all().stream().map(CentralProbe.Received::session).collect(Collectors.toSet()))
                        .contains(firstSession, newSession);
                String status = retainedStatus(broker.url());
                assertThat(status).contains("\"state\":\"ONLINE\"").contains("\"session\":" + newSession);
            }
        });
    }

    @Test
    void peerThatNeverAnswers_newAttemptsKeepComing_andThreadsDoNotPileUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            List<Socket> held = new CopyOnWriteArrayList<>();
            try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread acceptor = Thread.ofVirtual().start(() -> {
                    while (!blackHole.isClosed()) {
                        try {
                            held.add(blackHole.accept());   // TCP accepted, not a byte answered
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                String url = "tcp://127.0.0.1:" + blackHole.getLocalPort();
                try (UplinkStation st = UplinkStation.start(url, dir.resolve("st/outbox.db"),
                        options(Duration.ofSeconds(1), Duration.ofMillis(200)), new AtomicLong()::incrementAndGet, m -> { }, 1)) {
                    Uplink uplink = st.uplink();
                    var threads = ManagementFactory.getThreadMXBean();
                    Await.until(Duration.ofSeconds(20), () -> uplink.statistics().failedAttempts() >= 3,
                            () -> uplink.statistics().toString());
                    int before = threads.getThreadCount();
                    long attemptsBefore = uplink.statistics().attempts();
                    Await.until(Duration.ofSeconds(60), () -> uplink.statistics().failedAttempts() >= 16,
                            () -> uplink.statistics().toString());
                    int after = threads.getThreadCount();
                    System.out.println("black hole: live threads by name: " + Thread.getAllStackTraces().keySet().stream()
                            .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[-:].*", ""), Collectors.counting())));
                    long attempts = uplink.statistics().attempts() - attemptsBefore;
                    System.out.printf("black hole: %d attempts, live threads %d -> %d (peak %d), %d sockets accepted, last error %s%n",
                            attempts, before, after, threads.getPeakThreadCount(), held.size(), uplink.statistics().lastError());
                    assertThat(attempts).isGreaterThanOrEqualTo(12);
                    assertThat(held.size()).as("a new TCP connection per attempt").isGreaterThanOrEqualTo(12);
                    assertThat(uplink.connected()).isFalse();
                    assertThat(after - before).as("threads left behind by %d failed attempts", attempts).isLessThan(8);
                } finally {
                    blackHole.close();
                    acceptor.join(2_000);
                    for (Socket s : held) {
                        s.close();
                    }
                }
            }
        });
    }

    @Test
    void commandsQueuedWhileTheStationWasAway_areDeliveredOnItsNextConnection() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker"))
                    .persistentSessions())) {
                AtomicLong sessions = new AtomicLong();
                try (UplinkStation first = station(broker.url(), dir.resolve("st"), sessions, m -> { })) {
                    Await.until(Duration.ofSeconds(10), first.uplink()::connected, () -> first.uplink().statistics().toString());
                }
                // a clean shutdown says so (and the broker keeps the session, subscription included)
                assertThat(retainedStatus(broker.url())).contains("\"state\":\"OFFLINE\"").contains("shutdown");

                MqttClient operator = new MqttClient(broker.url(), "operator", new MemoryPersistence());
                operator.connect(new MqttConnectionOptions());
                for (int i = 1; i <= 3; i++) {
                    MqttMessage m = new MqttMessage(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    m.setQos(1);
                    operator.publish("commands/" + STATION, m);
                }
                operator.disconnect();
                operator.close();

                BlockingQueue<MqttTransport.Incoming> commands = new LinkedBlockingQueue<>();
                try (UplinkStation again = station(broker.url(), dir.resolve("st"), sessions, commands::add)) {
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        MqttTransport.Incoming m = commands.poll(10, TimeUnit.SECONDS);
                        assertThat(m).as("command %d of 3 (got %s)", i + 1, got).isNotNull();
                        assertThat(m.topic()).isEqualTo("commands/" + STATION);
                        got.add(new String(m.payload(), StandardCharsets.UTF_8));
                        again.uplink().ack(m, again.uplink().transport());
                    }
                    assertThat(got).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
                    assertThat(again.uplink().session()).isEqualTo(2);
                }
            }
        });
    }
}

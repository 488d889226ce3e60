package io.streetstation.hil.bench;

import io.streetstation.agent.mission.MissionItems;
import io.streetstation.agent.uplink.SqliteFiles;
import io.streetstation.agent.uplink.command.SignedCommandBuilder;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.hil.central.MessageCallback;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.rig.SimCopter;
import io.streetstation.hil.rig.SimNestController;
import io.streetstation.hil.scenario.AgentProcess;
import io.streetstation.hil.scenario.StationExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The two end-to-end latencies of the uplink, on the whole agent against the virtual rig at real
 * speed (×1) with its usual background traffic (telemetry, captures), to the embedded broker on
 * loopback. The agent runs as the board runs it: its own JVM with the Java options of its systemd
 * unit ({@link AgentProcess}), run in on some thousands of events and commands before the probes,
 * as a station that has been up for a while (its JIT has compiled the paths). The rig, the broker
 * and central share this JVM and this machine's cores with it, as they would not on a station.
 * <ul>
 *   <li>{@code e2e_event_p99_ms}: the simulated nest controller raises a DEVICE_EVENT — the clock
 *       starts just before its frame is written to the pty, inside the simulator's lock (a
 *       simulator tick holding it is not the agent's latency) — until central's MQTT subscriber has
 *       the agent's event for it (pty → frame endpoint → reporter → durable outbox → PUBLISH →
 *       broker → subscriber);</li>
 *   <li>{@code command_to_serial_p99_ms}: central publishes a signed {@code return_to_launch} for
 *       drone-1 — the clock starts just before the PUBLISH — until the simulated copter has decoded
 *       its COMMAND_LONG from the drone's pty (broker → agent → parse, verify, journal → MAVLink).</li>
 * </ul>
 * Both clocks start a little early and stop a little late (the sim decodes after the last byte,
 * the subscriber's callback runs after its read), so the figures are upper bounds. One probe at a
 * time, 10–40 ms apart: latency, not queueing under load, which the drain figure covers.
 *
 * <p>Each event probe is followed by a {@code broker_hop_p99_ms} probe: a Paho client beside
 * central publishes a QoS 1 message of the same size to the same broker and central's subscriber
 * times it — the MQTT hop alone (client → broker → subscriber), without the agent, under the same
 * load at the same moments. Both latencies above contain that hop once, so it is the floor they
 * stand on: what the agent adds is their difference.
 *
 * <p>Before the probes, {@code disk_sync_p99_ms} times the other floor of the command path: a
 * commit of one small row to a SQLite file opened as the agent's journals are (WAL,
 * {@code synchronous=FULL}), in the same directory, under the same load, 10–40 ms apart. The
 * command journal's claim is such a commit, and it must be durable before a command reaches the
 * hardware (a command acted on and then forgotten in a power cut could act twice).
 */
final class UplinkLatency {

    private static final int EVENT_CODE = 0x0B0B;

    private static final String HOP_TOPIC = "bench/hop";
    /** About the size of the agent's event for a probe (envelope, device, code, text). */
    private static final int HOP_BYTES = 350;

    record Result(double[] eventMs, double[] hopMs, double[] commandMs, double[] syncMs) {
    }

    private UplinkLatency() {
    }

    static Result measure(int probes) throws Exception {
        Path dir = Files.createTempDirectory("bench-latency");
        RigFile rig = RigFile.load(StationExtension.rigFile()).withSpeed(1);
        if (!rig.allVirtual() || !rig.embeddedBroker()) {
            throw new IllegalStateException(rig.source() + ": the latency benchmark needs the virtual rig and the embedded "
                    + "broker (it makes the simulated nest raise events and watches the simulated copter)");
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
             AgentProcess station = AgentProcess.start(rig, dir, broker.url())) {
            String id = station.stationId();
            SimNestController nest = station.rig().nest();
            SimCopter copter = station.rig().copter(1);
            System.err.println("bench: the agent runs in its own process with " + station.javaOptions()
                    + ", its log in " + station.log());
            await(station, "the agent's birth on central", () -> station.central().counts().getOrDefault("birth", 0L) > 0);
            await(station, "the nest controller greeted", () -> nest.raise(new DeviceEvent(EVENT_CODE,
                    DeviceEvent.Severity.INFO, "bench warm-up")) >= 0);

            BlockingQueue<String> events = new ArrayBlockingQueue<>(1_024);
            MqttClient central = subscriber(broker.url(), "stations/" + id + "/nest/events", events);
            MqttAsyncClient beside = new MqttAsyncClient(broker.url(), "bench-latency-hop", new MemoryPersistence());
            BlockingQueue<Long> decoded = new ArrayBlockingQueue<>(1_024);
            copter.onCommand(cmd -> {
                if (cmd == MissionItems.NAV_RETURN_TO_LAUNCH) {
                    decoded.offer(System.nanoTime());
                }
            });
            try {
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setCleanStart(true);
                beside.connect(o).waitForCompletion(10_000);
                awaitCommandPath(station, decoded);
                int warmUp = Math.max(10, probes / 10);
                double[] syncMs = syncLatencies(dir.resolve("sync-floor.db"), Math.max(30, probes / 2));
                runIn(station, nest, events, decoded, 10 * probes, 2 * probes);
                Probes warm = new Probes(nest, events, beside, warmUp);
                warm.run("warm-up-");
                Probes measured = new Probes(nest, events, beside, probes);
                measured.run("probe-");
                commandLatencies(station, decoded, warmUp);
                double[] commandMs = commandLatencies(station, decoded, probes);
                return new Result(measured.eventMs, measured.hopMs, commandMs, syncMs);
            } finally {
                beside.disconnect().waitForCompletion(5_000);
                beside.close();
                central.disconnect();
                central.close();
            }
        }
    }

    /** Event probes, each followed by a broker-hop probe, both timed on central's subscriber. */
    private static final class Probes {

        private final SimNestController nest;
        private final BlockingQueue<String> received;
        private final MqttAsyncClient beside;
        final double[] eventMs;
        final double[] hopMs;

        Probes(SimNestController nest, BlockingQueue<String> received, MqttAsyncClient beside, int n) {
            this.nest = nest;
            this.received = received;
            this.beside = beside;
            this.eventMs = new double[n];
            this.hopMs = new double[n];
        }

        void run(String tag) throws InterruptedException, MqttException {
            for (int i = 0; i < eventMs.length; i++) {
                String marker = "bench-e2e-" + tag + i + "-";
                long t0 = nest.raise(new DeviceEvent(EVENT_CODE, DeviceEvent.Severity.INFO, marker));
                if (t0 < 0) {
                    throw new IllegalStateException("the nest controller lost the agent's session during the benchmark");
                }
                eventMs[i] = (awaitPayload(received, marker) - t0) / 1e6;
                pause();
                String hop = "bench-hop-" + tag + i + "-";
                byte[] body = (hop + "x".repeat(HOP_BYTES - hop.length())).getBytes(StandardCharsets.UTF_8);
                MqttMessage m = new MqttMessage(body);
                m.setQos(1);
                long h0 = System.nanoTime();
                beside.publish(HOP_TOPIC, m);
                hopMs[i] = (awaitPayload(received, hop) - h0) / 1e6;
                pause();
            }
        }
    }

    /**
     * Runs the fresh agent in as a station that has been up for a while: {@code events} events
     * back to back, then {@code commands} commands 5 ms apart, unmeasured, so that the probes time
     * the compiled paths of a running station rather than the interpreter of a new JVM (the JIT
     * compiles a method after some thousands of calls; a station makes them within its first hours).
     */
    private static void runIn(AgentProcess station, SimNestController nest, BlockingQueue<String> events,
                              BlockingQueue<Long> decoded, int eventCount, int commands) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < eventCount; i++) {
            if (nest.raise(new DeviceEvent(EVENT_CODE, DeviceEvent.Severity.INFO, "bench-run-in-" + i)) < 0) {
                throw new IllegalStateException("the nest controller lost the agent's session during the run-in");
            }
            events.clear();   // unmeasured; the first warm-up probe waits until they are all through
            if (i % 20 == 19) {
                Thread.sleep(1);   // the firmware's reliable window, not a flood
            }
        }
        for (int i = 0; i < commands; i++) {
            send(station, returnToLaunch(station));
            Thread.sleep(5);
            decoded.clear();
        }
        station.checkAlive();
        System.err.printf(java.util.Locale.ROOT, "bench: the agent ran in on %d events and %d commands in %.1f s%n",
                eventCount, commands, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Sends {@code return_to_launch} to drone-1 until one reaches it: the agent holds commands
     * until drone-1 is online and its start-up recovery is done.
     */
    private static void awaitCommandPath(AgentProcess station, BlockingQueue<Long> decoded) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            station.checkAlive();
            decoded.clear();
            send(station, returnToLaunch(station));
            if (decoded.poll(2, TimeUnit.SECONDS) != null) {
                Thread.sleep(200);   // its replies settle
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark set-up: no return_to_launch reached drone-1 within 120 s (see "
                        + station.log() + ")");
            }
        }
    }

    private static double[] commandLatencies(AgentProcess station, BlockingQueue<Long> decoded, int n)
            throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            byte[] json = returnToLaunch(station);   // central's signing is not the station's latency
            decoded.clear();
            long t0 = System.nanoTime();
            send(station, json);
            Long t1 = decoded.poll(10, TimeUnit.SECONDS);
            if (t1 == null) {
                throw new IllegalStateException("command " + i + ": no COMMAND_LONG reached drone-1 within 10 s");
            }
            ms[i] = (t1 - t0) / 1e6;
            Thread.sleep(40);   // the copter's COMMAND_ACK and the lifecycle replies settle before the next
        }
        return ms;
    }

    /** A {@code return_to_launch} for drone-1, issued now and signed with central's operations key. */
    private static byte[] returnToLaunch(AgentProcess station) {
        return station.keys().signOperate(CentralKeys.command(station.stationId(), station.clock().now(), "drone-1",
                "return_to_launch")).json();
    }

    /** Central publishes {@code json} to the station's command topic (a fresh correlation each time). */
    private static void send(AgentProcess station, byte[] json) throws MqttException {
        station.central().sendCommand(station.stationId(), json,
                SignedCommandBuilder.newNonce().getBytes(StandardCharsets.UTF_8), 0);
    }

    /**
     * Milliseconds of {@code n} commits of one row each (a random key, as a claim's nonce), each
     * after a pause like the probes', to a journal-like SQLite file; the first tenth warms up.
     */
    private static double[] syncLatencies(Path file, int n) throws SQLException, InterruptedException {
        int warmUp = n / 10;
        double[] ms = new double[n];
        try (Connection db = SqliteFiles.open(file, s -> s.execute(
                "CREATE TABLE IF NOT EXISTS claim (nonce TEXT PRIMARY KEY, at INTEGER NOT NULL)"));
             PreparedStatement insert = db.prepareStatement("INSERT INTO claim (nonce, at) VALUES (?, ?)")) {
            for (int i = -warmUp; i < n; i++) {
                pause();
                long t0 = System.nanoTime();
                insert.setString(1, SignedCommandBuilder.newNonce());
                insert.setLong(2, i);
                insert.executeUpdate();
                db.commit();
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return ms;
    }

    /** Waits for the event whose text carries {@code marker}; the stamp is taken on the subscriber's callback. */
    private static long awaitPayload(BlockingQueue<String> events, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String s = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new IllegalStateException("the event " + marker + " did not reach central within 10 s");
            }
            int at = s.indexOf(' ');
            if (s.substring(at + 1).contains(marker)) {
                return Long.parseLong(s.substring(0, at));
            }
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(10, 40));
    }

    private static MqttClient subscriber(String url, String filter, BlockingQueue<String> into) throws MqttException {
        MqttClient c = new MqttClient(url, "bench-latency-central", new MemoryPersistence());
        c.setCallback(new MessageCallback((topic, m) ->
                into.offer(System.nanoTime() + " " + new String(m.getPayload(), StandardCharsets.UTF_8))));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        c.subscribe(new String[] {filter, HOP_TOPIC}, new int[] {1, 1});
        return c;
    }

    private static void await(AgentProcess station, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            station.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark set-up: " + what + " did not happen within 60 s (see "
                        + station.log() + ")");
            }
            Thread.sleep(50);
        }
    }


    /** The {@code p}-th percentile (0–100) by nearest rank. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

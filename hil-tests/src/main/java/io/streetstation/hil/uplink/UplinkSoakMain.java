package io.streetstation.hil.uplink;

import io.streetstation.agent.uplink.Bodies;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.PahoTransport;
import io.streetstation.agent.uplink.TrafficClass;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.agent.uplink.command.CommandJournal;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A station reduced to its outbox and uplink, for the kill tests: it is meant to die by SIGKILL.
 *
 * <pre>
 * UplinkSoakMain &lt;broker url&gt; &lt;state dir&gt; &lt;station id&gt; produce   append an event every 10 ms until killed;
 *                                                          each id goes to &lt;state dir&gt;/taken once durable
 * UplinkSoakMain &lt;broker url&gt; &lt;state dir&gt; &lt;station id&gt; drain     produce nothing; exit 0 once the outbox is
 *                                                          empty (prints "drained &lt;n&gt;"), 3 after 60 s
 * </pre>
 */
public final class UplinkSoakMain {

    private static final byte[] BIRTH = """
            {"agentVersion":"soak","stationName":"soak","devices":[],"outbox":{"depth":{},"oldestAgeS":0}}"""
            .getBytes(StandardCharsets.UTF_8);

    private UplinkSoakMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[3].equals("produce") || args[3].equals("drain"))) {
            System.err.println("usage: UplinkSoakMain <broker url> <state dir> <station id> produce|drain");
            System.exit(2);
        }
        String url = args[0];
        Path state = Path.of(args[1]);
        String station = args[2];
        CommandJournal journal = CommandJournal.open(state.resolve("commands.db"), Instant::now, a -> { });
        Outbox outbox = Outbox.open(state.resolve("outbox.db"), Outbox.Config.defaults(), Clock.systemUTC(), a -> { });
        Uplink.Options options = new Uplink.Options(station, Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1), 20, Optional.empty(),
                Optional.empty(), null);
        Uplink uplink = Uplink.start(options, outbox, () -> new PahoTransport(url), journal::nextSession, () -> BIRTH,
                m -> { }, Instant::now, new SplittableRandom());
        System.out.println("started, " + outbox.total() + " waiting");
        if (args[3].equals("drain")) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!(uplink.connected() && outbox.total() == 0)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("not drained: " + outbox.depth() + " " + uplink.statistics());
                    System.exit(3);
                }
                Thread.sleep(20);
            }
            System.out.println("drained " + uplink.statistics());
            uplink.close();
            outbox.close();
            journal.close();
            return;
        }
        try (FileOutputStream taken = new FileOutputStream(state.resolve("taken").toFile(), true)) {
            String topic = uplink.topics().events("station");
            while (true) {
                String id = Uuid7.id();
                byte[] body = Bodies.bytes(Bodies.event("station", Bodies.Kind.STATE, Bodies.Severity.INFO, "soak.tick", id));
                outbox.append(Outbox.Message.of(id, TrafficClass.EVENT, Bodies.EVENT, topic, false, body, Instant.now()))
                        .thenRun(() -> write(taken, id));
                Thread.sleep(10);
            }
        }
    }

    /** One unbuffered write per id: in the kernel once it returns, so a SIGKILL cannot lose it. */
    private static void write(FileOutputStream taken, String id) {
        synchronized (taken) {
            try {
                taken.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException("taken file", e);
            }
        }
    }
}

package io.streetstation.agent.uplink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLSocketFactory;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The station's link to central: a supervisor thread that keeps one MQTT 5 connection up and
 * drains the {@link Outbox} through it.
 *
 * <p>Per connection: a fresh {@link MqttTransport} (a stuck or failed client is thrown away,
 * never reused); the next session number (persisted, also in the will); CONNECT with clean start
 * off and the configured session expiry, so commands queued while the station was away are kept
 * by the broker; SUBSCRIBE to the station's commands; then the birth and the ONLINE status
 * (retained), which go out first; then everything else, live before backlog, at most
 * {@code inFlight} unacknowledged. A message leaves the outbox only on its PUBACK; after a loss
 * whatever was in flight is sent again (same message id, marked historical). Failed attempts wait
 * a jittered exponential backoff. A clean {@link #close()} publishes OFFLINE and disconnects, so
 * the broker does not publish the will.
 *
 * <p>A live message with nothing ahead of it is published by the thread that appended it, as the
 * outbox announces it (see {@link #announced}): on its way from a device to central it then
 * crosses no other thread of the agent's before the MQTT client's sender.
 *
 * <p>Nothing runs on the MQTT client's threads but hand-overs: acknowledgements and losses are
 * queued to the supervisor, commands to whoever {@code commands} hands them to.
 */
public final class Uplink implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("uplink");
    private static final int FAST_SEQ_BLOCK = 1_000;

    /**
     * @param stationId MQTT client id and the root of the topic tree
     * @param ssl TLS socket factory, or null for plain TCP
     * @param inFlight QoS 1 messages unacknowledged at most (also bounded by the broker's receive maximum)
     */
    public record Options(String stationId, Duration keepAlive, Duration sessionExpiry, Duration connectTimeout,
                          Duration backoffMin, Duration backoffMax, int inFlight, Optional<String> username,
                          Optional<byte[]> password, SSLSocketFactory ssl) {
    }

    /**
     * What the uplink has done since start, for status, telemetry and tests.
     *
     * @param published QoS 1 messages handed to the connection, {@code publishedByProducer} of them by
     *     the thread that appended them (a live message with nothing ahead of it), the rest by the supervisor
     */
    public record Statistics(boolean connected, long session, long attempts, long failedAttempts, long published,
                             long publishedByProducer, long acknowledged, long refused, long retried, String lastError,
                             Instant connectedSince) {
    }

    private sealed interface Signal permits Lost, Acked, Refused, Failed, Wake, Accepted, Committed {
    }

    /** An append as it is queued, not yet written (the outbox announces it so it can go out while the disk syncs). */
    private record Accepted(Outbox.Stored message) implements Signal {
    }

    /** Appends committed. */
    private record Committed(List<Long> seqs) implements Signal {
    }

    private record Lost(MqttTransport transport, String cause) implements Signal {
    }

    private record Acked(long seq) implements Signal {
    }

    private record Refused(long seq, String reason) implements Signal {
    }

    /** Not taken for another reason (the client's own in-flight limit, the connection going): try again. */
    private record Failed(long seq, Throwable cause) implements Signal {
    }

    private record Wake() implements Signal {
    }

    private static final Wake WAKE = new Wake();

    /**
     * One connection's drain state. The supervisor works on it holding {@link #lock}; a producer
     * only ever tries the lock, inside {@link Outbox#append}, to publish its live message itself
     * ({@link Uplink#announced}) — it never waits for the supervisor.
     */
    private static final class Drain {
        final ReentrantLock lock = new ReentrantLock();
        final MqttTransport transport;
        final int window;
        /** At most this many waiting here: a longer queue is left in the outbox, fetched by priority. */
        final int fetch;
        final Deque<Outbox.Stored> pending = new ArrayDeque<>();
        /** Whether every message in the outbox is known here (pending, in flight or acknowledged). */
        boolean known;
        /** Announcements at or below the last fetch's horizon are old news: that fetch had them. */
        long horizon = Long.MAX_VALUE;
        /**
         * The highest announced number taken (pending or published); batches commit in number
         * order, so a committed number above it was never announced (a write after a failed one) or
         * not taken.
         */
        long takenUpTo;
        /** Cleared when the drain ends: from then on producers hand over. */
        boolean open = true;

        Drain(MqttTransport transport, int window, int fetch) {
            this.transport = transport;
            this.window = window;
            this.fetch = fetch;
        }
    }

    private final Options options;
    private final Outbox outbox;
    private final Supplier<MqttTransport> transports;
    private final LongSupplier nextSession;
    private final Supplier<byte[]> birth;
    private final Consumer<MqttTransport.Incoming> commands;
    private final Supplier<Instant> now;
    private final Topics topics;
    private final Backoff backoff;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Map<Long, Boolean> inFlight = new ConcurrentHashMap<>();
    /** Announcements queued to the supervisor and not yet handled: a producer never publishes ahead of one. */
    private final AtomicInteger announcementsQueued = new AtomicInteger();
    /** The drain of the current connection, or null between connections. */
    private volatile Drain draining;
    private final Thread supervisor;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishedByProducer = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile MqttTransport current;
    /** The connection commands arrive on: set before CONNECT, since a kept session delivers before SUBSCRIBE returns. */
    private volatile MqttTransport receiving;
    private volatile boolean connected;
    private volatile long session;
    private volatile String lastError = "";
    private volatile Instant connectedSince;
    private volatile boolean closing;
    private volatile boolean rebirthWanted;
    private long fastSeq;
    private long fastSeqEnd;
    private Instant lostAt;

    private Uplink(Options options, Outbox outbox, Supplier<MqttTransport> transports, LongSupplier nextSession,
                   Supplier<byte[]> birth, Consumer<MqttTransport.Incoming> commands, Supplier<Instant> now,
                   RandomGenerator random) {
        this.options = options;
        this.outbox = outbox;
        this.transports = transports;
        this.nextSession = nextSession;
        this.birth = birth;
        this.commands = commands;
        this.now = now;
        this.topics = new Topics(options.stationId());
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax(), random);
        outbox.onAccepted(this::announced);
        outbox.onAppend(seqs -> signals.offer(new Committed(seqs)));
        this.supervisor = Thread.ofPlatform().name("uplink").daemon().unstarted(this::supervise);
    }

    /**
     * Starts supervising. Returns at once: the first connection is made in the background (a
     * broker that is down at start is retried like any other loss).
     *
     * @param transports makes a fresh transport per connection attempt
     * @param nextSession the persisted session counter, +1 per call
     * @param birth the birth body (station.birth/1 JSON), made at the moment of each connection
     * @param commands receives messages on the station's command topic (on the client's thread: hand over only)
     * @param random jitter source (seeded per station, so a fleet spreads out)
     */
    public static Uplink start(Options options, Outbox outbox, Supplier<MqttTransport> transports,
                               LongSupplier nextSession, Supplier<byte[]> birth,
                               Consumer<MqttTransport.Incoming> commands, Supplier<Instant> now,
                               RandomGenerator random) {
        Uplink u = new Uplink(options, outbox, transports, nextSession, birth, commands, now, random);
        u.supervisor.start();
        return u;
    }

    public Topics topics() {
        return topics;
    }

    public boolean connected() {
        return connected;
    }

    /** The current (or last) session number; 0 before the first attempt. */
    public long session() {
        return session;
    }

    public Statistics statistics() {
        return new Statistics(connected, session, attempts.get(), failedAttempts.get(), published.get(),
                publishedByProducer.get(), acknowledged.get(), refused.get(), retries.get(), lastError, connectedSince);
    }

    /** Queues a fresh birth (the {@code rebirth} command); it goes out next if connected. */
    public void rebirth() {
        rebirthWanted = true;
        signals.offer(WAKE);
    }

    /**
     * Acknowledges a command message once it is journalled. A message of an earlier connection is
     * not acknowledged (its client is gone); the broker redelivers it and the journal answers.
     */
    public void ack(MqttTransport.Incoming m, MqttTransport receivedOn) {
        if (receivedOn != null && receivedOn == receiving) {
            receivedOn.ack(m);
        }
    }

    /**
     * The transport of the current connection or the one being made (commands remember it for
     * their ack), or null.
     */
    public MqttTransport transport() {
        return receiving;
    }

    /**
     * Publishes at QoS 0 now, not queued, when connected (the fast telemetry tier): lost when
     * offline by design. Returns whether it was handed to the connection.
     */
    public synchronized boolean publishNow(String topic, String schema, byte[] body, Instant capturedAt,
                                           Duration expiry) {
        MqttTransport t = current;
        if (!connected || t == null) {
            return false;
        }
        if (fastSeq >= fastSeqEnd) {
            // a block of sequence numbers at a time: one durable write per thousand fast messages
            long first = outbox.reserveSeqs(FAST_SEQ_BLOCK);
            fastSeq = first;
            fastSeqEnd = first + FAST_SEQ_BLOCK;
        }
        long seq = fastSeq++;
        byte[] payload = new Envelope(schema, Uuid7.id(), options.stationId(), session, seq, capturedAt, now.get(), false)
                .wrap(body);
        t.publish(new MqttTransport.Outgoing(topic, payload, 0, false, expiry, null));
        return true;
    }

    // ---- the supervisor ------------------------------------------------------------------------

    private void supervise() {
        while (!closing) {
            MqttTransport t = transports.get();
            try {
                int window = connect(t);
                if (window > 0) {
                    drain(t, window);
                }
            } catch (RuntimeException e) {
                LOG.error(e, "uplink supervisor: {}", e.toString());
                lastError = e.toString();
            } finally {
                // closing while connected: close() still needs this connection for OFFLINE and DISCONNECT
                if (!(closing && connected && current == t)) {
                    connected = false;
                    current = null;
                    t.close();
                }
                inFlight.clear();
            }
            if (!closing) {
                Duration wait = backoff.next();
                LOG.info("uplink: next attempt in {} ms ({} failures in a row)", wait.toMillis(), backoff.failures());
                sleep(wait);
            }
        }
    }

    /**
     * One connection attempt: CONNECT, SUBSCRIBE, birth. Returns the in-flight window for the
     * connection, or 0 if it failed (already logged).
     */
    private int connect(MqttTransport t) {
        attempts.incrementAndGet();
        long s = nextSession.getAsLong();
        session = s;
        byte[] will = offline(s, "connection lost");
        MqttTransport.ConnectSpec spec = new MqttTransport.ConnectSpec(options.stationId(), false,
                options.sessionExpiry(), options.keepAlive(), options.connectTimeout(),
                new MqttTransport.Will(topics.status(), will, true), options.username(), options.password(),
                options.ssl());
        long waitMs = options.connectTimeout().toMillis() + 2_000;
        try {
            receiving = t;
            MqttTransport.Connected c = t.connect(spec, new MqttTransport.Listener() {
                @Override
                public void connectionLost(String cause) {
                    signals.offer(new Lost(t, cause));
                }

                @Override
                public void received(MqttTransport.Incoming m) {
                    commands.accept(m);
                }
            }).get(waitMs, TimeUnit.MILLISECONDS);
            t.subscribe(topics.commands()).get(waitMs, TimeUnit.MILLISECONDS);
            current = t;
            outbox.discard(TrafficClass.STATUS);
            outbox.markLive();
            appendBirth(s);
            connected = true;
            connectedSince = now.get();
            // one below the broker's receive maximum: Paho counts a PUBACK'd message as in flight a moment longer
            int window = Math.max(1, Math.min(options.inFlight(), c.receiveMaximum() - 1));
            LOG.info("uplink: connected, session {}{}, {} waiting in the outbox, window {}", s,
                    c.sessionPresent() ? " (broker kept our session)" : " (new broker session)", outbox.total(), window);
            backoff.reset();
            return window;
        } catch (ExecutionException e) {
            fail(s, e.getCause());
        } catch (TimeoutException e) {
            fail(s, new TimeoutException("no answer within " + waitMs + " ms: the client is discarded"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
        return 0;
    }

    /** An OFFLINE status envelope for {@code session}, with a sequence number of its own. */
    private byte[] offline(long session, String reason) {
        Instant at = now.get();
        return new Envelope(Bodies.STATUS, Uuid7.id(), options.stationId(), session, outbox.reserveSeq(), at, at, false)
                .wrap(Bodies.bytes(Bodies.status(false, session, reason)));
    }

    private void fail(long s, Throwable e) {
        failedAttempts.incrementAndGet();
        lastError = e.toString();
        if (lostAt == null) {
            lostAt = now.get();
        }
        LOG.warn("uplink: session {} could not connect: {}", s, e.toString());
    }

    private void appendBirth(long s) {
        Instant at = now.get();
        outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.STATUS, Bodies.BIRTH, topics.birth(), true,
                birth.get(), at));
        outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.STATUS, Bodies.STATUS, topics.status(), true,
                Bodies.bytes(Bodies.status(true, s, null)), at));
        if (lostAt != null) {
            Duration outage = Duration.between(lostAt, at);
            lostAt = null;
            var body = Bodies.event(Topics.STATION, Bodies.Kind.STATE, Bodies.Severity.INFO, "uplink.restored",
                    "link to central restored after " + outage.toSeconds() + " s; session " + s);
            body.putObject("data").put("outageS", outage.toMillis() / 1000.0).put("session", s)
                    .put("failedAttempts", failedAttempts.get());
            outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.EVENT, Bodies.EVENT, topics.events(Topics.STATION),
                    false, Bodies.bytes(body), at));
        }
    }

    /**
     * Publishes from the outbox until the connection is lost or the uplink closes. While every
     * message in the outbox is known here (pending, in flight or acknowledged) new appends are
     * taken as the outbox announces them, as they are queued for its writer, and go out at once, so
     * a live event waits neither for the writer nor for the disk sync — when nothing is ahead of it,
     * published by its producer itself ({@link #announced}); otherwise (a backlog, a window full, a
     * write that was not announced) they are fetched from the outbox after their commit, in
     * priority order.
     */
    private void drain(MqttTransport t, int window) {
        Drain d = new Drain(t, window, Math.max(window * 4, 256));
        draining = d;
        try {
            boolean retryPause = false;
            while (!closing) {
                if (retryPause) {
                    retryPause = false;
                    try {
                        Thread.sleep(0, 200_000);   // not sleep(): that one drops signals, and acks must not be lost
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                long waitMs;
                d.lock.lock();
                try {
                    if (rebirthWanted) {
                        rebirthWanted = false;
                        d.pending.clear();
                        d.known = false;
                        appendBirth(session);
                    }
                    // when every message is known here there is nothing to fetch: a query would only
                    // wait behind the writer's disk sync
                    if (!d.known && d.pending.isEmpty() && inFlight.size() < window) {
                        Outbox.Fetch got = outbox.fetch(d.fetch, inFlight.keySet());
                        d.pending.addAll(got.messages());
                        d.known = got.messages().size() < d.fetch;
                        d.horizon = got.horizon();
                    }
                    while (inFlight.size() < window && !d.pending.isEmpty()) {
                        publish(t, d.pending.poll());
                    }
                    waitMs = d.pending.isEmpty() ? 200 : 20;
                } finally {
                    d.lock.unlock();
                }
                Signal s;
                try {
                    s = signals.poll(waitMs, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                d.lock.lock();
                try {
                    while (s != null) {
                        switch (s) {
                            case Lost l when l.transport() == t -> {
                                LOG.warn("uplink: session {} lost: {}", session, l.cause());
                                lastError = l.cause();
                                lostAt = now.get();
                                return;
                            }
                            case Lost l -> {
                                // an earlier connection's late news
                            }
                            case Accepted a -> {
                                announcementsQueued.decrementAndGet();
                                if (a.message().seq() <= d.horizon) {
                                    // old news: the last fetch had it
                                } else if (d.known && d.pending.size() < d.fetch) {
                                    d.pending.add(a.message());
                                    d.takenUpTo = a.message().seq();
                                } else {
                                    d.known = false;   // fetched after the commit, by priority
                                }
                            }
                            case Committed c -> {
                                long last = c.seqs().get(c.seqs().size() - 1);
                                if (last > d.horizon && last > d.takenUpTo) {
                                    d.known = false;   // appends this drain has not taken: fetch them
                                }
                            }
                            case Acked a -> {
                                outbox.acked(a.seq());
                                inFlight.remove(a.seq());
                                acknowledged.incrementAndGet();
                            }
                            case Refused r -> {
                                outbox.refuse(r.seq(), r.reason());
                                inFlight.remove(r.seq());
                                refused.incrementAndGet();
                            }
                            case Failed f -> {
                                // the message stays in the outbox and is fetched again (first: it is the oldest)
                                inFlight.remove(f.seq());
                                d.pending.clear();
                                d.known = false;
                                retryPause = true;
                                retries.incrementAndGet();
                                LOG.debug("uplink: publish of {} not taken, again: {}", f.seq(), f.cause().toString());
                            }
                            case Wake w -> {
                                // look at the outbox again
                            }
                        }
                        s = signals.poll();
                    }
                } finally {
                    d.lock.unlock();
                }
            }
        } finally {
            d.lock.lock();
            try {
                d.open = false;
                draining = null;
            } finally {
                d.lock.unlock();
            }
        }
    }

    /**
     * An append announced by the outbox, on the producer's thread inside its admission lock (so
     * announcements come one at a time, in number order). The producer publishes the message
     * itself when the drain is open and idle (its lock free), every message in the outbox is known
     * to it, nothing waits ahead (pending here, or an earlier announcement the supervisor has not
     * handled yet) and the window has room: a live event then costs no hand-over to the
     * supervisor's thread, only the client's non-blocking publish. Otherwise the supervisor takes
     * the announcement, in order.
     */
    private void announced(Outbox.Stored m) {
        Drain d = draining;
        if (d != null && d.lock.tryLock()) {
            try {
                if (d.open && d.known && d.pending.isEmpty() && announcementsQueued.get() == 0
                        && inFlight.size() < d.window && m.seq() > d.horizon && !rebirthWanted) {
                    d.takenUpTo = m.seq();
                    publish(d.transport, m);
                    publishedByProducer.incrementAndGet();
                    return;
                }
            } finally {
                d.lock.unlock();
            }
        }
        announcementsQueued.incrementAndGet();
        signals.offer(new Accepted(m));
    }

    private void publish(MqttTransport t, Outbox.Stored s) {
        Outbox.Message m = s.message();
        byte[] payload = new Envelope(m.schema(), m.id(), options.stationId(), session, s.seq(), m.capturedAt(), now.get(),
                outbox.isBacklog(s.seq())).wrap(m.body());
        inFlight.put(s.seq(), Boolean.TRUE);
        published.incrementAndGet();
        Duration expiry = m.expirySeconds() > 0 ? Duration.ofSeconds(m.expirySeconds()) : null;
        CompletableFuture<Void> done = t.publish(new MqttTransport.Outgoing(m.topic(), payload, 1, m.retained(), expiry,
                m.correlationData()));
        done.whenComplete((ok, e) -> {
            if (e == null) {
                signals.offer(new Acked(s.seq()));
            } else if (e instanceof MqttTransport.RefusedException r) {
                signals.offer(new Refused(s.seq(), r.getMessage()));
            } else {
                signals.offer(new Failed(s.seq(), e));
            }
        });
    }

    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!closing) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Signal s = signals.poll(left, TimeUnit.NANOSECONDS);
                if (s == null) {
                    return;
                }
                if (s instanceof Accepted) {
                    announcementsQueued.decrementAndGet();   // no drain: the next connection's fetch has it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Publishes OFFLINE (reason shutdown, retained) if connected, waits for it briefly, disconnects
     * cleanly (no will) and stops. What is still in the outbox stays there for the next start.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        signals.offer(WAKE);
        try {
            supervisor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttTransport t = current;
        if (t != null && connected) {
            try {
                t.publish(new MqttTransport.Outgoing(topics.status(), offline(session, "shutdown"), 1, true, null, null)).get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("uplink: OFFLINE status not acknowledged at shutdown: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.disconnect(Duration.ofSeconds(2));
        }
        if (t != null) {
            t.close();
        }
        connected = false;
        current = null;
    }
}

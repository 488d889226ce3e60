package io.streetstation.agent.uplink;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The uplink's durable store-and-forward queue: every message bound for central is written here
 * before its producer is told it is taken, and deleted only when the broker acknowledged it.
 *
 * <p>SQLite in WAL mode with {@code synchronous=FULL}: a commit that returned survives power loss.
 * One thread owns the database; appends queue up while it commits and go in together (group
 * commit), so durability costs one sync per batch, not per message. A batch of deletes alone (the
 * broker's acknowledgements) commits without a sync of its own: losing it to a power cut only
 * re-sends messages central de-duplicates by id, and the next synced commit makes it durable too.
 * Each message gets the next value of a persisted 64-bit sequence as it is appended (never reused,
 * also across restarts), which becomes the envelope's {@code seq}.
 *
 * <p>Quotas per {@link TrafficClass}: telemetry at its quota loses its oldest message (counted);
 * any other class at its quota refuses the new one with {@link OutboxFullException} and raises an
 * {@code outbox.full} alarm, cleared when the class is below 90 % again. A database that cannot be
 * opened or fails its integrity check is renamed aside (never deleted), an {@code outbox.corrupt}
 * alarm is raised and a fresh one is started.
 *
 * <p>Drain order ({@link #next}): status and replies first, then live messages (appended since
 * {@link #markLive()}) by class priority and age, then the backlog by class priority and age.
 */
public final class Outbox implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("outbox");
    /** Operations one write batch takes at most. */
    private static final int MAX_BATCH = 4_096;
    /** Announced numbers may run at most this far ahead of the last committed one. */
    private static final int MAX_AHEAD = 4_096;
    /** Sequence numbers skipped at every open: more than may have been announced before their commit. */
    private static final int SKIP_AT_OPEN = MAX_AHEAD + 1;

    /**
     * A message for central. {@code body} is the envelope's body (JSON); the envelope is made at
     * publish time.
     *
     * @param id UUIDv7 of the message (re-sends keep it)
     * @param schema body type, e.g. {@code station.event/1}
     * @param correlationData MQTT 5 correlation data of the command a reply answers, or null
     * @param expirySeconds MQTT 5 message expiry, 0 for none
     */
    public record Message(String id, TrafficClass trafficClass, String schema, String topic, boolean retained,
                          byte[] body, Instant capturedAt, byte[] correlationData, long expirySeconds) {

        /** A message without correlation data or expiry. */
        public static Message of(String id, TrafficClass c, String schema, String topic, boolean retained, byte[] body,
                                 Instant capturedAt) {
            return new Message(id, c, schema, topic, retained, body, capturedAt, null, 0);
        }
    }

    /** One stored message with its sequence number and when it was stored. */
    public record Stored(long seq, Message message, Instant storedAt) {
        public String id() {
            return message.id();
        }

        public TrafficClass trafficClass() {
            return message.trafficClass();
        }

        public String topic() {
            return message.topic();
        }

        public byte[] body() {
            return message.body();
        }
    }

    /**
     * @param quotas most messages waiting per class
     * @param maxBytes the file's size limit (SQLite {@code max_page_count}); beyond it writes fail
     *     like on a full disk: events and captures are refused with an alarm, nothing is lost
     */
    public record Config(Map<TrafficClass, Integer> quotas, long maxBytes) {

        public Config {
            quotas = Map.copyOf(quotas);
            if (maxBytes < 64 * 1024) {
                throw new IllegalArgumentException("outbox size limit must be ≥ 64 KiB, was " + maxBytes);
            }
            for (TrafficClass c : TrafficClass.values()) {
                Integer q = quotas.get(c);
                if (q == null || q < 1) {
                    throw new IllegalArgumentException("outbox quota for " + c + " must be set and ≥ 1, was " + q);
                }
            }
        }

        /** 100,000 telemetry, 200,000 events, 50,000 captures, 10,000 replies, 100 status. */
        public static Config defaults() {
            return new Config(Map.of(TrafficClass.STATUS, 100, TrafficClass.REPLY, 10_000, TrafficClass.EVENT, 200_000,
                    TrafficClass.CAPTURE, 50_000, TrafficClass.TELEMETRY, 100_000), 2L * 1024 * 1024 * 1024);
        }

        public Config withQuota(TrafficClass c, int quota) {
            Map<TrafficClass, Integer> m = new EnumMap<>(quotas);
            m.put(c, quota);
            return new Config(m, maxBytes);
        }

        public Config withMaxBytes(long bytes) {
            return new Config(quotas, bytes);
        }
    }

    private sealed interface Op permits Append, Delete, Query, Stop {
    }

    private record Append(Message m, long seq, CompletableFuture<Long> done) implements Op {
        TrafficClass trafficClass() {
            return m.trafficClass();
        }
    }

    private record Delete(long seq) implements Op {
    }

    private record Query(Runnable action) implements Op {
    }

    private record Stop() implements Op {
    }

    private final Config config;
    private final Clock clock;
    private final Consumer<OutboxAlarm> alarms;
    private final Connection db;
    private final BlockingQueue<Op> ops = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Depth per class, owned by the writer thread, published for readers. */
    private final Map<TrafficClass, Integer> depth = new EnumMap<>(TrafficClass.class);
    private final Map<TrafficClass, Boolean> full = new EnumMap<>(TrafficClass.class);
    private volatile Map<TrafficClass, Integer> depthView = Map.of();
    private volatile long liveFrom;
    private volatile long telemetryDropped;
    private volatile long commits;
    private volatile long refusedCount;
    /** stored_at of the oldest waiting message (-1: none), kept by the writer after every change. */
    private volatile long oldestStoredAt = -1;
    private volatile boolean closed;
    private volatile Consumer<List<Long>> onAppend = seqs -> { };
    private volatile Consumer<Stored> onAccepted = accepted -> { };
    /**
     * Guards what appends decide on the producer's thread: the next sequence number, the
     * appends queued per class (taken until the depth the writer published counts them) and the
     * order of the queue, which is the order of the numbers.
     */
    private final Object admit = new Object();
    private long nextSeq;
    private final Map<TrafficClass, Integer> queued = new EnumMap<>(TrafficClass.class);
    /** Whether the last write committed: only then are appends announced before their write. */
    private volatile boolean announcing = true;
    /** Writer thread: whether commits sync now (null: unknown, set before the next write). */
    private Boolean syncing = Boolean.TRUE;
    /** The highest number a commit made durable (or an open skipped to). */
    private volatile long durableSeq;

    private Outbox(Config config, Clock clock, Consumer<OutboxAlarm> alarms, Connection db) throws SQLException {
        this.config = config;
        this.clock = clock;
        this.alarms = alarms;
        this.db = db;
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT class, COUNT(*) FROM message GROUP BY class")) {
            for (TrafficClass c : TrafficClass.values()) {
                depth.put(c, 0);
                full.put(c, false);
                queued.put(c, 0);
            }
            while (r.next()) {
                depth.put(TrafficClass.valueOf(r.getString(1)), r.getInt(2));
            }
        }
        publishDepth();
        // a number announced before a commit that a crash lost must never go to another message
        bumpSequence(SKIP_AT_OPEN);
        db.commit();
        this.durableSeq = maxSeq();
        this.nextSeq = durableSeq + 1;
        this.liveFrom = Long.MAX_VALUE;
        this.writer = Thread.ofPlatform().name("outbox-writer").daemon().start(this::run);
    }

    /**
     * Opens (or creates) the outbox at {@code file}. A file that is not a sound SQLite database is
     * renamed aside with an {@code outbox.corrupt} alarm and a new one is created.
     */
    public static Outbox open(Path file, Config config, Clock clock, Consumer<OutboxAlarm> alarms) {
        SqliteFiles.createParent(file, "outbox");
        Connection db;
        try {
            db = connect(file, config.maxBytes());
        } catch (SQLException e) {
            Path aside = SqliteFiles.renameAside(file, "outbox");
            String text = "outbox " + file + " unreadable (" + e.getMessage() + "); moved to " + aside + ", started empty";
            LOG.error(text);
            alarms.accept(new OutboxAlarm("outbox.corrupt", text));
            try {
                db = connect(file, config.maxBytes());
            } catch (SQLException again) {
                throw new IllegalStateException("cannot create outbox " + file + ": " + again.getMessage(), again);
            }
        }
        try {
            return new Outbox(config, clock, alarms, db);
        } catch (SQLException e) {
            SqliteFiles.closeQuietly(db);
            throw new IllegalStateException("cannot read outbox " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, long maxBytes) throws SQLException {
        return SqliteFiles.open(file, s -> {
            SqliteFiles.capSize(s, maxBytes);
            s.execute("""
                    CREATE TABLE IF NOT EXISTS message (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      id TEXT NOT NULL UNIQUE,
                      class TEXT NOT NULL,
                      prio INTEGER NOT NULL,
                      topic TEXT NOT NULL,
                      retained INTEGER NOT NULL,
                      schema TEXT NOT NULL,
                      correlation BLOB,
                      expiry INTEGER NOT NULL,
                      body BLOB NOT NULL,
                      captured_at INTEGER NOT NULL,
                      stored_at INTEGER NOT NULL)""");
            s.execute("CREATE INDEX IF NOT EXISTS message_drain ON message (prio, seq)");
            s.execute("CREATE INDEX IF NOT EXISTS message_class ON message (class, seq)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS refused (
                      seq INTEGER PRIMARY KEY,
                      id TEXT NOT NULL,
                      class TEXT NOT NULL,
                      topic TEXT NOT NULL,
                      schema TEXT NOT NULL,
                      body BLOB NOT NULL,
                      reason TEXT NOT NULL,
                      refused_at INTEGER NOT NULL)""");
        });
    }

    // ---- producers -------------------------------------------------------------------------

    /**
     * Stores a message. The future completes with its sequence number once it is durable (its
     * transaction committed), or exceptionally: {@link OutboxFullException} for a never-dropped
     * class at its quota, or {@link OutboxWriteException} (a full disk, the size limit) — then it
     * was not taken and the producer keeps it.
     */
    public CompletableFuture<Long> append(Message m) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Message copy = new Message(m.id(), m.trafficClass(), m.schema(), m.topic(), m.retained(), m.body().clone(),
                m.capturedAt(), m.correlationData() == null ? null : m.correlationData().clone(), m.expirySeconds());
        TrafficClass c = m.trafficClass();
        synchronized (admit) {
            if (closed) {
                done.completeExceptionally(new IllegalStateException("outbox closed"));
                return done;
            }
            long seq = nextSeq++;
            // announced only if the writer will surely store it: a class that is never dropped must
            // be below its quota counting everything queued ahead of it (the writer refuses at the quota)
            boolean announce = announcing && seq - durableSeq <= MAX_AHEAD
                    && (c.droppable() || depthView.getOrDefault(c, 0) + queued.get(c) < config.quotas().get(c));
            queued.merge(c, 1, Integer::sum);
            ops.add(new Append(copy, seq, done));
            if (announce) {
                onAccepted.accept(new Stored(seq, copy, Instant.ofEpochMilli(clock.millis())));
            }
        }
        return done;
    }

    /** Told (on the writer thread, after the commit) the sequence numbers of appends that became durable. Must not block. */
    public void onAppend(Consumer<List<Long>> listener) {
        this.onAppend = listener;
    }

    /**
     * Told, on the producer's thread inside {@link #append}, of an append with its sequence number
     * as it is queued, before it is written — so the uplink may publish a live message while the
     * writer inserts it and the disk syncs (central de-duplicates by id; the producer is still told
     * only after the commit, and a message leaves the outbox only on its PUBACK). Announcements come
     * in number order. Not told of an append the writer might refuse (a class that is never dropped,
     * at its quota counting what is queued), nor after a failed write until a write has committed
     * again, nor when more than 4,096 numbers would be waiting for their commit. A number announced
     * is never given to another message: a failed write's are skipped, and every open skips more
     * than may be waiting. Must not block (the uplink may publish from it: the MQTT client's
     * publish only queues). The broker's acknowledgement may then come before the write; its
     * {@link #acked} is honoured all the same.
     */
    public void onAccepted(Consumer<Stored> listener) {
        this.onAccepted = listener;
    }

    /**
     * The next value of the persisted sequence without a stored message, for what is not queued
     * here but still carries a sequence number (the will).
     */
    public long reserveSeq() {
        return reserveSeqs(1);
    }

    /**
     * Reserves {@code n} consecutive values of the persisted sequence in one transaction and
     * returns the first (the fast telemetry tier takes them a block at a time).
     */
    public long reserveSeqs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("reserve at least one sequence number, not " + n);
        }
        long first;
        CompletableFuture<Void> done;
        synchronized (admit) {
            first = nextSeq;
            nextSeq += n;
            long last = first + n - 1;
            done = enqueue(() -> {
                syncCommits(true);   // what follows must survive power loss
                try {
                    long behind = last - maxSeq();
                    if (behind > 0) {
                        bumpSequence(behind);
                    }
                    db.commit();
                    durableSeq = Math.max(durableSeq, last);
                } catch (SQLException e) {
                    rollback();
                    throw e;
                }
            });
        }
        await(done);
        return first;
    }

    /** Inside a transaction: moves the persisted sequence on by {@code n} (creating it if need be). */
    private void bumpSequence(long n) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'message'");
             PreparedStatement in = db.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES ('message', ?)")) {
            up.setLong(1, n);
            if (up.executeUpdate() == 0) {
                in.setLong(1, n);
                in.executeUpdate();
            }
        }
    }

    /**
     * Forgets every waiting message of {@code c}; for status, which a newer one supersedes (a birth
     * of an earlier session must not go out after the current one). Returns how many.
     */
    public int discard(TrafficClass c) {
        int[] n = new int[1];
        call(() -> {
            syncCommits(true);   // what follows must survive power loss
            try (PreparedStatement p = db.prepareStatement("DELETE FROM message WHERE class = ?")) {
                p.setString(1, c.name());
                n[0] = p.executeUpdate();
                db.commit();
                depth.put(c, 0);
                publishDepth();
            } catch (SQLException e) {
                rollback();
                throw e;
            }
        });
        return n[0];
    }

    /**
     * The broker refused {@code seq} for good (not authorised, invalid topic): it moves to the
     * {@code refused} table — kept, never re-sent, counted and alarmed — so one bad message
     * cannot block the queue.
     */
    public void refuse(long seq, String reason) {
        call(() -> {
            syncCommits(true);   // what follows must survive power loss
            try (PreparedStatement move = db.prepareStatement("INSERT OR REPLACE INTO refused (seq, id, class, topic, "
                    + "schema, body, reason, refused_at) SELECT seq, id, class, topic, schema, body, ?, ? FROM message "
                    + "WHERE seq = ?");
                 PreparedStatement del = db.prepareStatement("DELETE FROM message WHERE seq = ? RETURNING class")) {
                move.setString(1, reason);
                move.setLong(2, clock.millis());
                move.setLong(3, seq);
                move.executeUpdate();
                del.setLong(1, seq);
                try (ResultSet r = del.executeQuery()) {
                    if (r.next()) {
                        depth.merge(TrafficClass.valueOf(r.getString(1)), -1, Integer::sum);
                    }
                }
                db.commit();
                publishDepth();
            } catch (SQLException e) {
                rollback();
                throw e;
            }
        });
        refusedCount++;
        alarms.accept(new OutboxAlarm("outbox.refused", "message " + seq + " refused by the broker (" + reason
                + "); kept in the refused table, not re-sent"));
    }

    /** The connection's {@code PRAGMA synchronous} now (2: FULL, 1: NORMAL), for tests of the sync policy. */
    int synchronous() {
        int[] level = new int[1];
        call(() -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("PRAGMA synchronous")) {
                level[0] = r.next() ? r.getInt(1) : -1;
            }
        });
        return level[0];
    }

    /** Messages the broker refused for good since opening. */
    public long refused() {
        return refusedCount;
    }

    // ---- the uplink ----------------------------------------------------------------------------

    /** From now on, what is appended is live; what is stored already is backlog. Call on every connect. */
    public long markLive() {
        long[] max = new long[1];
        call(() -> max[0] = maxSeq());
        liveFrom = max[0];
        return liveFrom;
    }

    /** True when {@code seq} was stored before the last {@link #markLive()} (it goes out as historical). */
    public boolean isBacklog(long seq) {
        return seq <= liveFrom;
    }

    /**
     * The next messages to publish, at most {@code max}, skipping those in flight: status and
     * replies first, then live by class priority and age, then backlog by class priority and age.
     */
    public List<Stored> next(int max, Collection<Long> inFlight) {
        return fetch(max, inFlight).messages();
    }

    /**
     * What {@link #next} returns, with the horizon: the highest sequence number stored or reserved
     * when the query ran. The writer takes appends in number order, so every message numbered at or
     * below it had been written by then and is in the answer or skipped: an {@link #onAccepted}
     * announcement at or below it is old news.
     */
    public record Fetch(List<Stored> messages, long horizon) {
    }

    /** {@link #next} with its {@link Fetch#horizon()}. */
    public Fetch fetch(int max, Collection<Long> inFlight) {
        Set<Long> skip = Set.copyOf(inFlight);
        List<Stored> out = new ArrayList<>();
        long[] horizon = new long[1];
        call(() -> {
            horizon[0] = maxSeq();
            // three index range scans on (prio, seq) instead of one sort of the whole table:
            // status and replies, then live, then backlog — each in class priority, then age
            String cols = "SELECT seq, id, class, topic, retained, body, captured_at, stored_at, schema, correlation, expiry "
                    + "FROM message INDEXED BY message_drain ";
            select(cols + "WHERE prio <= 1 ORDER BY prio, seq LIMIT ?", -1, max, skip, out);
            select(cols + "WHERE prio > 1 AND seq > ? ORDER BY prio, seq LIMIT ?", liveFrom, max, skip, out);
            select(cols + "WHERE prio > 1 AND seq <= ? ORDER BY prio, seq LIMIT ?", liveFrom, max, skip, out);
        });
        return new Fetch(out, horizon[0]);
    }

    private void select(String sql, long bound, int max, Set<Long> skip, List<Stored> out) throws SQLException {
        if (out.size() >= max) {
            return;
        }
        try (PreparedStatement p = db.prepareStatement(sql)) {
            int i = 1;
            if (bound >= 0) {
                p.setLong(i++, bound);
            }
            p.setInt(i, max - out.size() + skip.size());
            try (ResultSet r = p.executeQuery()) {
                while (r.next() && out.size() < max) {
                    long seq = r.getLong(1);
                    if (!skip.contains(seq)) {
                        out.add(new Stored(seq, new Message(r.getString(2), TrafficClass.valueOf(r.getString(3)),
                                r.getString(9), r.getString(4), r.getInt(5) != 0, r.getBytes(6),
                                Instant.ofEpochMilli(r.getLong(7)), r.getBytes(10), r.getLong(11)),
                                Instant.ofEpochMilli(r.getLong(8))));
                    }
                }
            }
        }
    }

    /** The broker acknowledged {@code seq}: it goes (in the next batch). */
    public void acked(long seq) {
        if (!closed) {
            ops.add(new Delete(seq));
        }
    }

    /** Messages waiting per class. */
    public Map<TrafficClass, Integer> depth() {
        return depthView;
    }

    public int total() {
        return depthView.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Age of the oldest waiting message, zero when empty. Never waits for the database. */
    public Duration oldestAge() {
        long oldest = oldestStoredAt;
        return oldest < 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
    }

    /** Telemetry messages dropped under quota since opening. */
    public long telemetryDropped() {
        return telemetryDropped;
    }

    /** Transactions committed since opening (a batch of appends and deletes each). */
    public long commits() {
        return commits;
    }

    // ---- the writer thread -------------------------------------------------------------------

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Runs {@code action} on the writer thread and waits for it. */
    private void call(SqlAction action) {
        CompletableFuture<Void> done;
        synchronized (admit) {
            done = enqueue(action);
        }
        await(done);
    }

    /** Queues {@code action} for the writer thread (the caller holds {@link #admit}). */
    private CompletableFuture<Void> enqueue(SqlAction action) {
        if (closed) {
            throw new IllegalStateException("outbox closed");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ops.add(new Query(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (SQLException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }));
        return done;
    }

    private static void await(CompletableFuture<Void> done) {
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("outbox: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(ops.take());
            } catch (InterruptedException e) {
                return;
            }
            ops.drainTo(batch, MAX_BATCH - 1);
            boolean stop = false;
            List<Append> appends = new ArrayList<>();
            List<Long> deletes = new ArrayList<>();
            List<Query> queries = new ArrayList<>();
            for (Op op : batch) {
                switch (op) {
                    case Append a -> appends.add(a);
                    case Delete d -> deletes.add(d.seq());
                    case Query q -> queries.add(q);
                    case Stop s -> stop = true;
                }
            }
            batch.clear();
            if (!appends.isEmpty() || !deletes.isEmpty()) {
                write(appends, deletes);
            }
            queries.forEach(q -> q.action().run());
            if (stop) {
                return;
            }
        }
    }

    /**
     * Between transactions: whether a commit syncs the WAL ({@code synchronous=FULL}) or leaves the
     * sync to the next one that does, or to the checkpoint ({@code NORMAL}, still consistent after
     * a crash in WAL mode). SQLite takes the setting only outside a transaction.
     */
    private void syncCommits(boolean sync) throws SQLException {
        if (Boolean.valueOf(sync).equals(syncing)) {
            return;
        }
        syncing = null;   // unknown until set: a failure leaves it to be set again before the next write
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute(sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
        }
        db.setAutoCommit(false);
        syncing = sync;
    }

    /**
     * One transaction: the deletes, then the appends (with quota policy), then again the deletes of
     * appends acknowledged before they were written, one commit.
     */
    private void write(List<Append> appends, List<Long> deletes) {
        Map<TrafficClass, Integer> before = new EnumMap<>(depth);
        List<Runnable> onCommit = new ArrayList<>();
        List<Append> refused = new ArrayList<>();
        List<Long> inserted = new ArrayList<>();
        long dropped = 0;
        try {
            // acknowledgements alone need no sync: lost to a power cut they only re-send messages
            // central de-duplicates by id, and the next synced commit makes them durable too
            syncCommits(!appends.isEmpty());
            // a message published as it was announced may be acknowledged before its own insert:
            // its delete then comes in the same batch and is done again after the inserts
            List<Long> early = delete(deletes);
            try (PreparedStatement ins = db.prepareStatement("INSERT INTO message (seq, id, class, prio, topic, retained, "
                    + "body, captured_at, stored_at, schema, correlation, expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO NOTHING");
                 PreparedStatement seqOf = db.prepareStatement("SELECT seq FROM message WHERE id = ?");
                 PreparedStatement dropOldest = db.prepareStatement("DELETE FROM message WHERE seq = "
                         + "(SELECT seq FROM message WHERE class = 'TELEMETRY' ORDER BY seq LIMIT 1)")) {
                long now = clock.millis();
                for (Append a : appends) {
                    TrafficClass c = a.trafficClass();
                    int quota = config.quotas().get(c);
                    if (depth.get(c) >= quota) {
                        if (!c.droppable()) {
                            refused.add(a);
                            continue;
                        }
                        dropped += dropOldest.executeUpdate();
                        depth.merge(c, -1, Integer::sum);
                    }
                    Message m = a.m();
                    ins.setLong(1, a.seq());
                    ins.setString(2, m.id());
                    ins.setString(3, c.name());
                    ins.setInt(4, c.ordinal());
                    ins.setString(5, m.topic());
                    ins.setInt(6, m.retained() ? 1 : 0);
                    ins.setBytes(7, m.body());
                    ins.setLong(8, m.capturedAt().toEpochMilli());
                    ins.setLong(9, now);
                    ins.setString(10, m.schema());
                    ins.setBytes(11, m.correlationData());
                    ins.setLong(12, m.expirySeconds());
                    long seq;
                    if (ins.executeUpdate() == 1) {
                        seq = a.seq();
                        inserted.add(seq);
                        depth.merge(c, 1, Integer::sum);
                    } else {   // the same message id again: already stored, keep the first
                        seqOf.setString(1, m.id());
                        try (ResultSet e = seqOf.executeQuery()) {
                            seq = e.next() ? e.getLong(1) : -1;
                        }
                    }
                    long s = seq;
                    onCommit.add(() -> a.done().complete(s));
                }
            }
            delete(early);
            db.commit();
            commits++;
            if (!inserted.isEmpty()) {
                durableSeq = Math.max(durableSeq, inserted.get(inserted.size() - 1));
            }
            announcing = true;
        } catch (SQLException e) {
            rollback();
            announcing = false;
            depth.clear();
            depth.putAll(before);
            String text = "outbox write of " + appends.size() + " messages failed: " + e.getMessage();
            LOG.error(text);
            alarms.accept(new OutboxAlarm("outbox.write-failed", text));
            publishDepth(appends);
            appends.forEach(a -> a.done().completeExceptionally(new OutboxWriteException(text, e)));
            return;
        }
        if (dropped > 0) {
            telemetryDropped += dropped;
            alarms.accept(new OutboxAlarm("outbox.telemetry-dropped", dropped + " oldest telemetry messages dropped at the "
                    + "quota of " + config.quotas().get(TrafficClass.TELEMETRY) + " (" + telemetryDropped + " since start)"));
        }
        updateFullAlarms(refused.stream().map(Append::trafficClass).toList());
        publishDepth(appends);
        // producers hear last: by then the depth, every alarm and the append listener of this batch have run
        if (!inserted.isEmpty()) {
            onAppend.accept(List.copyOf(inserted));
        }
        onCommit.forEach(Runnable::run);
        for (Append a : refused) {
            a.done().completeExceptionally(new OutboxFullException(a.trafficClass(), config.quotas().get(a.trafficClass())));
        }
    }

    /** Deletes these messages (in the writer's transaction); returns those that were not there. */
    private List<Long> delete(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return List.of();
        }
        List<Long> missing = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("DELETE FROM message WHERE seq = ? RETURNING class")) {
            for (long seq : seqs) {
                p.setLong(1, seq);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        depth.merge(TrafficClass.valueOf(r.getString(1)), -1, Integer::sum);
                    } else {
                        missing.add(seq);
                    }
                }
            }
        }
        return missing;
    }

    /** Publishes the depth and the oldest age; {@code appends} are no longer queued: the depth now counts what of them was stored. */
    private void publishDepth(List<Append> appends) {
        synchronized (admit) {   // producers' quota check reads both: never outside this lock
            depthView = Map.copyOf(depth);
            for (Append a : appends) {
                queued.merge(a.trafficClass(), -1, Integer::sum);
            }
        }
        publishOldest();
    }

    private void updateFullAlarms(List<TrafficClass> refusedNow) {
        for (TrafficClass c : refusedNow) {
            if (!full.get(c)) {
                full.put(c, true);
                String text = c + " outbox full at " + config.quotas().get(c) + " messages: new ones are refused until "
                        + "the broker takes some";
                LOG.warn(text);
                alarms.accept(new OutboxAlarm("outbox.full", text));
            }
        }
        for (TrafficClass c : TrafficClass.values()) {
            if (full.get(c) && depth.get(c) < config.quotas().get(c) * 9 / 10) {
                full.put(c, false);
                alarms.accept(new OutboxAlarm("outbox.full-cleared", c + " outbox below 90 % of its quota again"));
            }
        }
    }

    private long maxSeq() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'message'), 0)")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** The depth producers see and the oldest message's age, after a write that queued nothing. */
    private void publishDepth() {
        publishDepth(List.of());
    }

    /** The oldest waiting message's age, read outside the producers' lock. */
    private void publishOldest() {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT stored_at FROM message ORDER BY seq LIMIT 1")) {
            oldestStoredAt = r.next() ? r.getLong(1) : -1;
        } catch (SQLException e) {
            LOG.debug("oldest message: {}", e.getMessage());
        }
    }

    private void rollback() {
        SqliteFiles.rollback(db, "outbox");
    }

    /**
     * Commits what is queued, then closes the database. The stop is queued under the producers'
     * lock, so every append either came before it (and is committed or refused) or sees the
     * outbox closed: none waits behind the stop for a writer that has gone.
     */
    @Override
    public void close() {
        synchronized (admit) {
            if (closed) {
                return;
            }
            closed = true;
            ops.add(new Stop());
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SqliteFiles.closeQuietly(db);
    }
}

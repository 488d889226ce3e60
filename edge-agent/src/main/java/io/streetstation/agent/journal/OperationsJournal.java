package io.streetstation.agent.journal;

import io.streetstation.agent.uplink.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * What the station's jobs did, on disk, so that an agent that died mid-job (crash, power loss,
 * kill -9) knows on restart which job was under way and how far it had come — the
 * {@link Reconciler} then sets that against what the hardware reports.
 *
 * <p>Append-only records: job started (kind and parameters), step started, step succeeded, step
 * failed (reason), job finished (outcome). Every write is committed before its method returns —
 * SQLite in WAL mode with {@code synchronous=FULL} (opened through {@link SqliteFiles}, like the
 * outbox), so a record that returned survives power loss; a step's start is written before its
 * action is sent. Jobs are rare: the methods are {@code synchronized} on one connection.
 *
 * <p>A write that cannot be made durable (a full disk, {@link Config#maxBytes} reached, an I/O
 * error, a closed journal) raises a {@code ops-journal.write-failed} alarm and throws
 * {@link JournalWriteException}: a job whose start cannot be recorded must be refused.
 *
 * <p>A file that is not a sound SQLite database is renamed aside ({@code .corrupt-<millis>}, never
 * deleted), a {@code ops-journal.corrupt} alarm is raised and a fresh journal is started; its
 * {@link #unfinished()} is then empty and recovery goes by the hardware alone.
 *
 * <p>Retention, applied at open and by {@link #prune()}: records of finished jobs go once the job
 * finished longer than {@link Config#keepFinished} ago, or, oldest job first, while the journal
 * holds more than {@link Config#maxRows} records. An unfinished job's records are never pruned.
 */
public final class OperationsJournal implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("journal");

    /**
     * Something about the journal an operator must see.
     *
     * @param code {@code ops-journal.corrupt} or {@code ops-journal.write-failed}
     * @param text what happened, for people
     */
    public record Alarm(String code, String text) {
    }

    /**
     * @param keepFinished how long a finished job's records are kept, ≥ 1 h
     * @param maxRows records kept at most (finished jobs' records beyond go, oldest job first), ≥ 100
     * @param maxBytes the file's size limit (SQLite {@code max_page_count}), ≥ 64 KiB; beyond it
     *     writes fail as on a full disk
     */
    public record Config(Duration keepFinished, int maxRows, long maxBytes) {
        public Config {
            Objects.requireNonNull(keepFinished, "keepFinished");
            if (keepFinished.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("journal keep must be ≥ 1 h, was " + keepFinished);
            }
            if (maxRows < 100) {
                throw new IllegalArgumentException("journal rows must be ≥ 100, was " + maxRows);
            }
            if (maxBytes < 64 * 1024) {
                throw new IllegalArgumentException("journal size limit must be ≥ 64 KiB, was " + maxBytes);
            }
        }

        /** 30 days, 100,000 records, 64 MiB. */
        public static Config defaults() {
            return new Config(Duration.ofDays(30), 100_000, 64L * 1024 * 1024);
        }

        public Config withKeepFinished(Duration d) {
            return new Config(d, maxRows, maxBytes);
        }

        public Config withMaxRows(int rows) {
            return new Config(keepFinished, rows, maxBytes);
        }

        public Config withMaxBytes(long bytes) {
            return new Config(keepFinished, maxRows, bytes);
        }
    }

    private static final String JOB_STARTED = "job-started";
    private static final String STEP_STARTED = "step-started";
    private static final String STEP_SUCCEEDED = "step-succeeded";
    private static final String STEP_FAILED = "step-failed";
    private static final String JOB_FINISHED = "job-finished";

    private final Path file;
    private final Config config;
    private final Connection db;
    private final Supplier<Instant> clock;
    private final Consumer<Alarm> alarms;
    private final boolean startedFresh;
    private boolean closed;

    private OperationsJournal(Path file, Config config, Connection db, Supplier<Instant> clock, Consumer<Alarm> alarms,
                              boolean startedFresh) {
        this.file = file;
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.alarms = alarms;
        this.startedFresh = startedFresh;
    }

    /**
     * Opens (or creates) the journal, e.g. {@code <stateDir>/operations.db}, and prunes it. A file
     * that is not a sound SQLite database is renamed aside with an {@code ops-journal.corrupt}
     * alarm and a fresh journal is started.
     *
     * @param clock station time, for the records and the retention
     */
    public static OperationsJournal open(Path file, Config config, Supplier<Instant> clock, Consumer<Alarm> alarms) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(alarms, "alarms");
        SqliteFiles.createParent(file, "operations journal");
        OperationsJournal j;
        try {
            j = new OperationsJournal(file, config, connect(file, config.maxBytes()), clock, alarms, false);
        } catch (SQLException e) {
            Path aside = SqliteFiles.renameAside(file, "operations journal");
            String text = "operations journal " + file + " unreadable (" + e.getMessage() + "); moved to " + aside
                    + ", started empty: jobs under way before this start are unknown, recovery goes by the hardware alone";
            LOG.error(text);
            alarms.accept(new Alarm("ops-journal.corrupt", text));
            try {
                j = new OperationsJournal(file, config, connect(file, config.maxBytes()), clock, alarms, true);
            } catch (SQLException again) {
                throw new IllegalStateException("cannot create operations journal " + file + ": " + again.getMessage(), again);
            }
        }
        try {
            j.prune();
        } catch (JournalWriteException e) {
            LOG.warn("operations journal {}: pruning at open failed, carrying on: {}", file, e.getMessage());
        }
        return j;
    }

    private static Connection connect(Path file, long maxBytes) throws SQLException {
        return SqliteFiles.open(file, s -> {
            SqliteFiles.capSize(s, maxBytes);
            s.execute("""
                    CREATE TABLE IF NOT EXISTS entry (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      job_id TEXT NOT NULL,
                      type TEXT NOT NULL CHECK (type IN ('job-started', 'step-started', 'step-succeeded',
                                                         'step-failed', 'job-finished')),
                      name TEXT NOT NULL,
                      detail TEXT NOT NULL,
                      at INTEGER NOT NULL)""");
            s.execute("CREATE INDEX IF NOT EXISTS entry_job ON entry (job_id, seq)");
            s.execute("CREATE INDEX IF NOT EXISTS entry_type ON entry (type, at)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS param (
                      job_id TEXT NOT NULL,
                      key TEXT NOT NULL,
                      value TEXT NOT NULL,
                      PRIMARY KEY (job_id, key))""");
        });
    }

    /** True when this journal was started fresh because the old file was corrupt. */
    public boolean startedFresh() {
        return startedFresh;
    }

    // ---- writes: each committed before it returns

    /**
     * Records that job {@code jobId} of {@code kind} starts with {@code params}. Call it before the
     * job runs; a {@link JournalWriteException} means the job must be refused.
     *
     * @throws IllegalArgumentException if a job of that id was recorded before
     */
    public synchronized void jobStarted(String jobId, String kind, Map<String, String> params) {
        Objects.requireNonNull(kind, "kind");
        Map<String, String> p = Map.copyOf(params);
        append("start of job " + kind + " " + jobId, now -> {
            try (PreparedStatement q = db.prepareStatement("SELECT 1 FROM entry WHERE job_id = ? AND type = ?")) {
                q.setString(1, jobId);
                q.setString(2, JOB_STARTED);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        throw new IllegalArgumentException("job " + jobId + " was started before: job ids are unique");
                    }
                }
            }
            insert(jobId, JOB_STARTED, kind, "", now);
            try (PreparedStatement ins = db.prepareStatement("INSERT INTO param (job_id, key, value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(p).entrySet()) {
                    ins.setString(1, jobId);
                    ins.setString(2, e.getKey());
                    ins.setString(3, e.getValue());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
        });
    }

    /** Records that {@code step} of job {@code jobId} starts; call it before the step's action is sent. */
    public synchronized void stepStarted(String jobId, String step) {
        append("start of step '" + step + "' of job " + jobId, now -> insert(jobId, STEP_STARTED, step, "", now));
    }

    public synchronized void stepSucceeded(String jobId, String step) {
        append("success of step '" + step + "' of job " + jobId, now -> insert(jobId, STEP_SUCCEEDED, step, "", now));
    }

    public synchronized void stepFailed(String jobId, String step, String reason) {
        append("failure of step '" + step + "' of job " + jobId, now -> insert(jobId, STEP_FAILED, step,
                Objects.requireNonNull(reason, "reason"), now));
    }

    /**
     * Records that job {@code jobId} is over: it leaves {@link #unfinished()} and is kept for
     * history until the retention prunes it.
     *
     * @param outcome in words: "succeeded", "failed at 'open roof': stall", "abandoned: agent restarted …"
     */
    public synchronized void jobFinished(String jobId, String outcome) {
        append("end of job " + jobId, now -> insert(jobId, JOB_FINISHED, "", Objects.requireNonNull(outcome, "outcome"), now));
    }

    private void insert(String jobId, String type, String name, String detail, long at) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO entry (job_id, type, name, detail, at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, Objects.requireNonNull(jobId, "jobId"));
            p.setString(2, type);
            p.setString(3, Objects.requireNonNull(name, "name"));
            p.setString(4, detail);
            p.setLong(5, at);
            p.executeUpdate();
        }
    }

    // ---- reads

    /** Jobs with a start and no end, oldest first, each with its step records in order. */
    public synchronized List<OpenJob> unfinished() {
        return read("unfinished jobs", () -> {
            List<OpenJob> out = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement("""
                    SELECT job_id, name, at FROM entry s WHERE type = 'job-started'
                      AND NOT EXISTS (SELECT 1 FROM entry f WHERE f.job_id = s.job_id AND f.type = 'job-finished')
                    ORDER BY seq""");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    out.add(new OpenJob(id, r.getString(2), params(id), Instant.ofEpochMilli(r.getLong(3)), steps(id)));
                }
            }
            return out;
        });
    }

    /** Records held (every type), for the retention and for tests. */
    public synchronized int records() {
        return read("record count", () -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM entry")) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }

    /** The outcome recorded for a finished job still held, else null. */
    public synchronized String outcome(String jobId) {
        return read("outcome of " + jobId, () -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT detail FROM entry WHERE job_id = ? AND type = 'job-finished' ORDER BY seq LIMIT 1")) {
                p.setString(1, jobId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    private Map<String, String> params(String jobId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT key, value FROM param WHERE job_id = ? ORDER BY key")) {
            p.setString(1, jobId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
        }
        return out;
    }

    private List<OpenJob.StepRecord> steps(String jobId) throws SQLException {
        List<OpenJob.StepRecord> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("""
                SELECT type, name, detail, at FROM entry
                WHERE job_id = ? AND type IN ('step-started', 'step-succeeded', 'step-failed') ORDER BY seq""")) {
            p.setString(1, jobId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    OpenJob.Phase phase = switch (r.getString(1)) {
                        case STEP_STARTED -> OpenJob.Phase.STARTED;
                        case STEP_SUCCEEDED -> OpenJob.Phase.SUCCEEDED;
                        default -> OpenJob.Phase.FAILED;
                    };
                    out.add(new OpenJob.StepRecord(r.getString(2), phase, r.getString(3), Instant.ofEpochMilli(r.getLong(4))));
                }
            }
        }
        return out;
    }

    // ---- retention

    /**
     * Forgets finished jobs past the retention (see the class comment); returns how many records
     * went. Run at open; the caller may run it daily.
     */
    public synchronized int prune() {
        long before = clock.get().minus(config.keepFinished()).toEpochMilli();
        int gone = write("prune", now -> {
            int n = forget("SELECT job_id FROM entry WHERE type = 'job-finished' AND at < " + before);
            int total;
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM entry")) {
                total = r.next() ? r.getInt(1) : 0;
            }
            if (total > config.maxRows()) {
                // finished jobs, oldest end first, with their sizes: go until the rest fits
                List<String> drop = new ArrayList<>();
                try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("""
                        SELECT f.job_id, (SELECT COUNT(*) FROM entry e WHERE e.job_id = f.job_id)
                        FROM entry f WHERE f.type = 'job-finished' ORDER BY f.seq""")) {
                    while (total > config.maxRows() && r.next()) {
                        drop.add(r.getString(1));
                        total -= r.getInt(2);
                    }
                }
                for (String id : drop) {
                    n += forgetJob(id);
                }
            }
            return n;
        });
        if (gone > 0) {
            LOG.info("operations journal: pruned {} records of finished jobs", gone);
        }
        return gone;
    }

    private int forget(String selectJobIds) throws SQLException {
        int n;
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM param WHERE job_id IN (" + selectJobIds + ")");
            n = s.executeUpdate("DELETE FROM entry WHERE job_id IN (" + selectJobIds + ")");
        }
        return n;
    }

    private int forgetJob(String jobId) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM param WHERE job_id = ?");
             PreparedStatement e = db.prepareStatement("DELETE FROM entry WHERE job_id = ?")) {
            p.setString(1, jobId);
            p.executeUpdate();
            e.setString(1, jobId);
            return e.executeUpdate();
        }
    }

    // ---- plumbing

    private interface Write<T> {
        T run(long nowMillis) throws SQLException;
    }

    private interface VoidWrite {
        void run(long nowMillis) throws SQLException;
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    private void append(String what, VoidWrite action) {
        write(what, now -> {
            action.run(now);
            return null;
        });
    }

    /** Runs {@code action} and commits; on failure rolls back, raises an alarm and throws {@link JournalWriteException}. */
    private <T> T write(String what, Write<T> action) {
        try {
            if (closed) {
                throw new SQLException("the journal is closed");
            }
            T result = action.run(clock.get().toEpochMilli());
            db.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            String text = "operations journal " + file + ": " + what + " not recorded: " + e.getMessage();
            LOG.error(text);
            alarms.accept(new Alarm("ops-journal.write-failed", text));
            throw new JournalWriteException(text, e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private <T> T read(String what, Read<T> action) {
        try {
            if (closed) {
                throw new SQLException("the journal is closed");
            }
            T result = action.run();
            db.commit();        // ends the read transaction, so the WAL can be checkpointed
            return result;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("operations journal " + file + ": " + what + " unreadable: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        if (!closed) {
            SqliteFiles.rollback(db, "operations journal " + file);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            SqliteFiles.closeQuietly(db);
        }
    }
}

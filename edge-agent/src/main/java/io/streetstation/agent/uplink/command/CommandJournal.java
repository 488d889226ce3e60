package io.streetstation.agent.uplink.command;

import io.streetstation.agent.uplink.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * What the station must remember about commands across restarts and power loss: the MQTT session
 * counter, the nonces and ids it has accepted (replay cache and idempotency), and the latest
 * outcome per command id (so a repeated command is answered with the earlier outcome, never acted
 * on twice).
 *
 * <p>SQLite in WAL mode with {@code synchronous=FULL}, like the outbox: every method commits before
 * it returns, so a claim that returned {@link Claim#NEW} stays claimed whatever happens next.
 * Commands are rare, so the methods are simply {@code synchronized} on one connection.
 *
 * <p>A file that cannot be opened or fails its integrity check is renamed aside
 * ({@code .corrupt-<millis>}, never deleted), a {@code commands.journal-corrupt} alarm is raised and
 * a fresh journal is started. The fresh session counter then starts at the current epoch second
 * instead of 0: central orders a station's messages by session, so the counter must never go back,
 * and the lost value was, in practice, far below the epoch second (it grows by one per connection,
 * and a station connects much less than once a second on average). That assumes a set clock — a
 * board whose RTC came up in 1970 would break it, which is why the alarm names the value chosen.
 * A journal that is simply absent is a first start: the counter starts at 1.
 *
 * <p>Claim rule: a nonce and a command id belong together for life. Central re-sends a command as
 * the same signed bytes (same id, same nonce): that is {@link Claim#SAME_COMMAND}. The same nonce
 * under another id, or the same id under another nonce, is someone re-using signed material:
 * {@link Claim#REPLAY}. Claim only commands that passed {@link CommandVerifier}, so that only
 * authentic commands take room in the cache.
 *
 * <p>Purging is safe because the verifier already rejects expired commands: an entry is forgotten
 * only when its command expired more than {@code keep} ago, and {@code keep} covers a station clock
 * that is stepped back (NTP) meanwhile.
 */
public final class CommandJournal implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("commands");

    /** What {@link #claim} found. */
    public enum Claim {
        /** Never seen: now recorded; go ahead. */
        NEW,
        /** This very command (id and nonce) was seen before: answer with its outcome, do nothing again. */
        SAME_COMMAND,
        /** The nonce or the id was seen with another command: reject as {@code replayed}. */
        REPLAY
    }

    /** The reply states of {@code reply.schema.json}. */
    public static final Set<String> STATES = Set.of("accepted", "in_progress", "succeeded", "failed", "rejected",
            "timed_out");

    /**
     * The latest recorded outcome of a command.
     *
     * @param state one of {@link #STATES}
     * @param reason {@code code: text}, for failed, rejected and timed_out
     * @param resultJson the reply's {@code result} object as JSON text
     */
    public record Outcome(String commandId, String state, Optional<String> reason, Optional<String> resultJson,
                          Instant recordedAt) {
    }

    private final Path file;
    private final Connection db;
    private final Supplier<Instant> clock;
    private final Consumer<JournalAlarm> alarms;
    private final boolean startedFresh;

    private CommandJournal(Path file, Connection db, Supplier<Instant> clock, Consumer<JournalAlarm> alarms,
                           boolean startedFresh) {
        this.file = file;
        this.db = db;
        this.clock = clock;
        this.alarms = alarms;
        this.startedFresh = startedFresh;
    }

    /**
     * Opens (or creates) the journal, e.g. {@code <stateDir>/commands.db}. A file that is not a sound
     * SQLite database is renamed aside with a {@code commands.journal-corrupt} alarm and a new one is
     * started, its session counter at the current epoch second.
     */
    public static CommandJournal open(Path file, Supplier<Instant> clock, Consumer<JournalAlarm> alarms) {
        SqliteFiles.createParent(file, "command journal");
        try {
            return new CommandJournal(file, connect(file, 0), clock, alarms, false);
        } catch (SQLException e) {
            Path aside = SqliteFiles.renameAside(file, "command journal");
            long seed = clock.get().getEpochSecond();
            String text = "command journal " + file + " unreadable (" + e.getMessage() + "); moved to " + aside
                    + ", started empty: replay cache and outcomes lost, session counter continues at " + seed
                    + " (epoch second)";
            LOG.error(text);
            alarms.accept(new JournalAlarm("commands.journal-corrupt", text));
            try {
                return new CommandJournal(file, connect(file, seed), clock, alarms, true);
            } catch (SQLException again) {
                throw new IllegalStateException("cannot create command journal " + file + ": " + again.getMessage(), again);
            }
        }
    }

    /** @param sessionSeed the counter's value if the journal has none yet; the next session is one more */
    private static Connection connect(Path file, long sessionSeed) throws SQLException {
        return SqliteFiles.open(file, s -> {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS claim (
                      nonce TEXT PRIMARY KEY,
                      command_id TEXT NOT NULL UNIQUE,
                      expires_at INTEGER NOT NULL,
                      claimed_at INTEGER NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS outcome (
                      command_id TEXT PRIMARY KEY,
                      state TEXT NOT NULL,
                      reason TEXT,
                      result TEXT,
                      recorded_at INTEGER NOT NULL,
                      expires_at INTEGER NOT NULL)""");
            s.execute("CREATE INDEX IF NOT EXISTS claim_expiry ON claim (expires_at)");
            s.execute("CREATE INDEX IF NOT EXISTS outcome_expiry ON outcome (expires_at)");
            try (PreparedStatement p = s.getConnection().prepareStatement(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('session', ?)")) {
                p.setLong(1, sessionSeed);
                p.executeUpdate();
            }
        });
    }

    /** True when this journal was started fresh because the old one was corrupt (its replay cache is gone). */
    public boolean startedFresh() {
        return startedFresh;
    }

    /** The next MQTT session number, durably counted: 1 on the very first call, never repeated. */
    public synchronized long nextSession() {
        return write("next session", () -> {
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("UPDATE meta SET value = value + 1 WHERE key = 'session' RETURNING value")) {
                if (!r.next()) {
                    throw new SQLException("session counter row missing");
                }
                return r.getLong(1);
            }
        });
    }

    /**
     * Claims a verified command's nonce and id; see the class comment for the rule. {@code NEW} is
     * committed before it is returned.
     *
     * @param expiresAt the command's expiry; the entry is kept at least until then
     */
    public synchronized Claim claim(String nonce, String commandId, Instant expiresAt) {
        return claim(nonce, commandId, expiresAt, null, null);
    }

    /**
     * {@link #claim(String, String, Instant)} and, when the command is new, its first outcome,
     * in one transaction: one disk sync on the command's way to the hardware instead of two.
     *
     * @param firstState one of {@link #STATES}, recorded only if the claim is {@link Claim#NEW}; null: none
     */
    public synchronized Claim claim(String nonce, String commandId, Instant expiresAt, String firstState,
                                    String reasonOrNull) {
        checkState(commandId, firstState);
        long now = clock.get().toEpochMilli();
        return write("claim of " + commandId, () -> {
            // a new command (the usual case) is one statement; only a taken nonce or id is looked up
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO claim (nonce, command_id, expires_at, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                p.setString(1, nonce);
                p.setString(2, commandId);
                p.setLong(3, expiresAt.toEpochMilli());
                p.setLong(4, now);
                if (p.executeUpdate() == 0) {
                    String idOfNonce = single("SELECT command_id FROM claim WHERE nonce = ?", nonce);
                    String nonceOfId = single("SELECT nonce FROM claim WHERE command_id = ?", commandId);
                    return commandId.equals(idOfNonce) && nonce.equals(nonceOfId) ? Claim.SAME_COMMAND : Claim.REPLAY;
                }
            }
            if (firstState != null) {
                upsertOutcome(commandId, firstState, reasonOrNull, null, now);
            }
            return Claim.NEW;
        });
    }

    /**
     * Records a command's latest outcome, replacing the one before.
     *
     * @param state one of {@link #STATES}
     * @param reasonOrNull {@code code: text}, or null
     * @param resultJsonOrNull the reply's result object as JSON text, or null
     */
    public synchronized void record(String commandId, String state, String reasonOrNull, String resultJsonOrNull) {
        checkState(commandId, state);
        long now = clock.get().toEpochMilli();
        write("outcome of " + commandId, () -> {
            upsertOutcome(commandId, state, reasonOrNull, resultJsonOrNull, now);
            return null;
        });
    }

    private static void checkState(String commandId, String state) {
        if (state != null && !STATES.contains(state)) {
            throw new IllegalArgumentException("command " + commandId + ": unknown state " + state + ", one of " + STATES);
        }
    }

    /** Inside a write: the outcome of {@code commandId} becomes this one; it is kept as long as its claim. */
    private void upsertOutcome(String commandId, String state, String reasonOrNull, String resultJsonOrNull, long now)
            throws SQLException {
        try (PreparedStatement p = db.prepareStatement("""
                INSERT INTO outcome (command_id, state, reason, result, recorded_at, expires_at)
                VALUES (?1, ?2, ?3, ?4, ?5, COALESCE((SELECT expires_at FROM claim WHERE command_id = ?1), ?5))
                ON CONFLICT (command_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                  result = excluded.result, recorded_at = excluded.recorded_at, expires_at = excluded.expires_at""")) {
            p.setString(1, commandId);
            p.setString(2, state);
            p.setString(3, reasonOrNull);
            p.setString(4, resultJsonOrNull);
            p.setLong(5, now);
            p.executeUpdate();
        }
    }

    /** The latest outcome recorded for {@code commandId}, if any (and not purged). */
    public synchronized Optional<Outcome> outcome(String commandId) {
        return read("outcome of " + commandId, () -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT state, reason, result, recorded_at FROM outcome WHERE command_id = ?")) {
                p.setString(1, commandId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next()
                            ? Optional.of(new Outcome(commandId, r.getString(1), Optional.ofNullable(r.getString(2)),
                                    Optional.ofNullable(r.getString(3)), Instant.ofEpochMilli(r.getLong(4))))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Forgets claims and outcomes of commands that expired more than {@code keep} before {@code now};
     * the caller runs it periodically. Returns how many entries went.
     *
     * @param keep margin after expiry, ≥ 0; at least the largest clock step back expected
     */
    public synchronized int purge(Instant now, Duration keep) {
        if (keep.isNegative()) {
            throw new IllegalArgumentException("purge keep must be ≥ 0, was " + keep);
        }
        long before = now.minus(keep).toEpochMilli();
        int gone = write("purge", () -> {
            int n = 0;
            for (String table : List.of("claim", "outcome")) {
                try (PreparedStatement p = db.prepareStatement("DELETE FROM " + table + " WHERE expires_at < ?")) {
                    p.setLong(1, before);
                    n += p.executeUpdate();
                }
            }
            return n;
        });
        if (gone > 0) {
            LOG.debug("purged {} command journal entries that expired before {}", gone, Instant.ofEpochMilli(before));
        }
        return gone;
    }

    /** Claimed nonces held. */
    public synchronized int claims() {
        return read("count", () -> count("claim"));
    }

    /** Outcomes held. */
    public synchronized int outcomes() {
        return read("count", () -> count("outcome"));
    }

    private int count(String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private String single(String sql, String arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setString(1, arg);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private interface Sql<T> {
        T run() throws SQLException;
    }

    /** Runs {@code action} and commits; on failure rolls back, raises an alarm and throws. */
    private <T> T write(String what, Sql<T> action) {
        try {
            T result = action.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            String text = "command journal " + file + ": " + what + " failed: " + e.getMessage();
            LOG.error(text);
            alarms.accept(new JournalAlarm("commands.journal-write-failed", text));
            throw new IllegalStateException(text, e);
        }
    }

    private <T> T read(String what, Sql<T> action) {
        try {
            T result = action.run();
            db.commit();        // ends the read transaction, so the WAL can be checkpointed
            return result;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("command journal " + file + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        SqliteFiles.rollback(db, "command journal " + file);
    }

    @Override
    public synchronized void close() {
        SqliteFiles.closeQuietly(db);
    }
}

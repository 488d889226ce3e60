package io.streetstation.agent.uplink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * How the uplink's durable SQLite files (the outbox, the command journal) are opened and, when
 * unsound, moved aside — one way for both: WAL with {@code synchronous=FULL} (a returned commit
 * survives power loss), an integrity check before use, and a corrupt file renamed with its WAL and
 * shared-memory companions, never deleted.
 */
public final class SqliteFiles {

    private static final TaggedLogger LOG = Logger.tag("sqlite");

    /** The store's own settings and schema, run on the fresh connection before its first commit. */
    public interface Setup {
        void run(Statement s) throws SQLException;
    }

    private SqliteFiles() {
    }

    /** Creates the directory {@code file} goes in; {@code what} names the store in the error. */
    public static void createParent(Path file, String what) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " directory for " + file, e);
        }
    }

    /**
     * Opens {@code file} in WAL mode with {@code synchronous=FULL}, checks its integrity, runs
     * {@code setup} and commits; auto-commit stays off. On any failure the connection is closed
     * and the error thrown: the caller decides whether the file goes aside.
     */
    /**
     * Caps the database at {@code maxBytes} (PRAGMA max_page_count in the file's page size, at
     * least 16 pages): a write beyond it fails with SQLITE_FULL instead of filling the disk.
     */
    public static void capSize(Statement s, long maxBytes) throws SQLException {
        long pageSize;
        try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
            pageSize = r.next() ? r.getLong(1) : 4096;
        }
        s.execute("PRAGMA max_page_count=" + Math.max(16, maxBytes / pageSize));
    }

    public static Connection open(Path file, Setup setup) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                String verdict = r.next() ? r.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("integrity check: " + verdict);
                }
            }
            c.setAutoCommit(false);
            setup.run(s);
            c.commit();
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Renames {@code file} and its -wal/-shm files to {@code <file>.corrupt-<ms>}; returns the new name. */
    public static Path renameAside(Path file, String what) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            if (Files.exists(file)) {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            for (String suffix : List.of("-wal", "-shm")) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move corrupt " + what + " " + file + " aside", e);
        }
        return aside;
    }

    /**
     * Rolls back the open transaction of {@code db} (auto-commit off). When SQLite already rolled
     * it back by itself (SQLITE_FULL, an I/O error) the driver still believes a transaction open
     * and would run what follows in auto-commit, one sync per statement, with every later commit
     * failing; toggling auto-commit resets its bookkeeping. {@code what} names the store in the log.
     */
    public static void rollback(Connection db, String what) {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("{} rollback: {}", what, e.getMessage());
            try {
                db.setAutoCommit(true);
            } catch (SQLException again) {
                LOG.debug("{} auto-commit on: {}", what, again.getMessage());
            }
            try {
                db.setAutoCommit(false);
            } catch (SQLException again) {
                LOG.warn("{}: auto-commit off failed: {}", what, again.getMessage());
            }
        }
    }

    public static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }
}

package io.streetstation.bridge.link;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * A tinylog writer (configured in {@code tinylog.properties}) that keeps entries in memory so
 * that tests can assert what was logged. Entries are global to the JVM; tests select theirs by
 * the thread or link name they used, which is unique per test.
 */
public final class LogCapture implements Writer {
    private static final ConcurrentLinkedQueue<Entry> ENTRIES = new ConcurrentLinkedQueue<>();

    /** One logged line. */
    record Entry(Level level, String tag, String thread, String message, Throwable exception) {
    }

    public LogCapture(Map<String, String> properties) {
    }

    /** Entries whose thread name or message mentions {@code needle}. */
    static List<Entry> mentioning(String needle) {
        return ENTRIES.stream()
                .filter(e -> e.thread().contains(needle) || (e.message() != null && e.message().contains(needle)))
                .toList();
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.LEVEL, LogEntryValue.TAG, LogEntryValue.THREAD, LogEntryValue.MESSAGE,
                LogEntryValue.EXCEPTION);
    }

    @Override
    public void write(LogEntry entry) {
        ENTRIES.add(new Entry(entry.getLevel(), entry.getTag(),
                entry.getThread() == null ? "" : entry.getThread().getName(), entry.getMessage(), entry.getException()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}

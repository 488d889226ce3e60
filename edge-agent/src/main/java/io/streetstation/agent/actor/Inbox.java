package io.streetstation.agent.actor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * An actor's inbox: tasks posted from any thread run one at a time, in the order posted, on the
 * given executor — a thread of the actor's own in the station, the caller's thread in tests. A
 * task posted while one runs waits its turn, even on the caller's thread, so a handler never
 * re-enters itself. A task that throws is logged and the next one runs. After {@link #close()}
 * new tasks are dropped; those already queued still run.
 */
public final class Inbox {

    private final String name;
    private final Executor executor;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;

    /** @param name for log lines ("nest") */
    public Inbox(String name, Executor executor) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Queues {@code task}; false if the inbox is closed (the task will not run). */
    public boolean post(Runnable task) {
        synchronized (queue) {
            if (closed) {
                return false;
            }
            queue.addLast(task);
            if (draining) {
                return true;
            }
            draining = true;
        }
        executor.execute(this::drain);
        return true;
    }

    /** No new tasks from now on. */
    public void close() {
        synchronized (queue) {
            closed = true;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                Logger.tag(name).error(e, "{}: {}", name, e.toString());
            }
        }
    }
}

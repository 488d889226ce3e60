package io.streetstation.bridge.mavlink;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The endpoint's single dispatch thread: an actor inbox. Decoded messages, timer expiries and API
 * requests all become tasks here, so the peer, command and mission state machines have one writer
 * and the link's reader thread never runs a handler.
 */
final class Dispatcher implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("mavlink");
    private static final Runnable STOP = () -> { };

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    Dispatcher(String name) {
        thread = Thread.ofPlatform().name("mavlink-" + name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code task}; silently dropped after close (the endpoint completes what is pending first). */
    void post(Runnable task) {
        if (!closed) {
            inbox.add(task);
        }
    }

    boolean onDispatchThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = inbox.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error(e, "{}: dispatch task failed: {}", thread.getName(), e.toString());
            }
        }
    }

    /** Runs what is queued, then stops. Waits at most {@code timeout} for the thread to end. */
    void close(Duration timeout) {
        if (closed) {
            return;
        }
        inbox.add(STOP);
        closed = true;
        if (!onDispatchThread()) {
            try {
                thread.join(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}

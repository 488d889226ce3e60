package io.streetstation.bridge.link;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every byte and status a link delivers, with the thread that delivered it. */
final class RecordingListener implements LinkListener {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<LinkStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onBytes(byte[] buffer, int off, int len) {
        synchronized (bytes) {
            bytes.write(buffer, off, len);
        }
        noteThread();
    }

    @Override
    public void onStatus(LinkStatus status) {
        statuses.add(status);
        noteThread();
    }

    private void noteThread() {
        String t = Thread.currentThread().getName();
        if (!threads.contains(t)) {
            threads.add(t);
        }
    }

    byte[] bytes() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    int byteCount() {
        synchronized (bytes) {
            return bytes.size();
        }
    }

    void clearBytes() {
        synchronized (bytes) {
            bytes.reset();
        }
    }

    List<LinkStatus> statuses() {
        return List.copyOf(statuses);
    }

    List<LinkState> states() {
        return statuses.stream().map(LinkStatus::state).toList();
    }

    /** Names of the threads that called this listener. */
    List<String> threads() {
        return List.copyOf(threads);
    }
}

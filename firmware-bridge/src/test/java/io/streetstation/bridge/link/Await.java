package io.streetstation.bridge.link;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the only way tests here wait. */
final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private Await() {
    }

    /**
     * @return how long the condition took to hold
     * @throws AssertionError with {@code message} and the time waited if it did not hold in time
     */
    static Duration until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(message.get() + " (not within " + timeout.toMillis() + " ms)");
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + message.get());
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static Duration until(Duration timeout, BooleanSupplier condition, String message) {
        return until(timeout, condition, () -> message);
    }
}

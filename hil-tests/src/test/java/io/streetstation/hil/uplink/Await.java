package io.streetstation.hil.uplink;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Poll until a condition holds or fail with what was seen; never a bare sleep. */
final class Await {

    private Await() {
    }

    static void until(Duration within, BooleanSupplier condition, Supplier<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + seen.get());
            }
            Thread.sleep(50);
        }
    }
}

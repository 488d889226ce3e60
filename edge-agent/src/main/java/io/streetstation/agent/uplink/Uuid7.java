package io.streetstation.agent.uplink;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 12 bits that count up within the
 * same millisecond (method 1 of §6.2, so ids from this generator sort in creation order), then 62
 * random bits. Central de-duplicates messages by these ids. Thread-safe.
 */
public final class Uuid7 {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private int counter;

    private static final Uuid7 SYSTEM = new Uuid7(Clock.systemUTC());

    /** A new id from the shared generator on the system clock, as text. */
    public static String id() {
        return SYSTEM.next().toString();
    }

    public Uuid7(Clock clock) {
        this.clock = clock;
    }

    public synchronized UUID next() {
        long ms = clock.millis();
        if (ms <= lastMillis) {
            ms = lastMillis;                    // a clock step back must not reorder ids
            counter++;
            if (counter > 0xFFF) {              // 4,096 ids in one millisecond: borrow the next one
                ms++;
                counter = random.nextInt(0x200);
            }
        } else {
            counter = random.nextInt(0x200);    // a random start leaves room to count up
        }
        lastMillis = ms;
        long msb = (ms & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}

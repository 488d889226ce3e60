package io.streetstation.bridge.mavlink;

/** How the services send: a failed write is logged and left to the retry timers. */
@FunctionalInterface
interface Outbox {
    /** @return false if the link was down */
    boolean send(Object message);
}

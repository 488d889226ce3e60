package io.streetstation.agent.uplink;

/** A never-dropped class reached its quota: the message was not taken; the producer must hold it or slow down. */
public final class OutboxFullException extends RuntimeException {

    private final TrafficClass trafficClass;

    public OutboxFullException(TrafficClass c, int quota) {
        super("outbox full for " + c + ": " + quota + " messages waiting for the broker; not taken");
        this.trafficClass = c;
    }

    public TrafficClass trafficClass() {
        return trafficClass;
    }
}

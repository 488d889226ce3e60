package io.streetstation.agent.uplink;

/**
 * What kind of message the outbox holds, in drain priority order (first = sent first), with its
 * loss policy: telemetry may be dropped (oldest first) when its quota is reached; everything else
 * is never dropped — at its quota the outbox refuses new messages (back-pressure) and raises an alarm.
 */
public enum TrafficClass {
    /** Birth, status: the station's presence. */
    STATUS,
    /** Command lifecycle replies. */
    REPLY,
    /** State changes, job steps, alarms, refusals. */
    EVENT,
    /** No-touch capture records and their image chunks. */
    CAPTURE,
    /** Slow-tier telemetry. */
    TELEMETRY;

    /** True when messages of this class may be dropped under pressure. */
    public boolean droppable() {
        return this == TELEMETRY;
    }
}

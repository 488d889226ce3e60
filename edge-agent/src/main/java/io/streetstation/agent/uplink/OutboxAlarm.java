package io.streetstation.agent.uplink;

/**
 * Something about the outbox an operator must see (it becomes an alarm event on the uplink and a
 * log line).
 *
 * @param code stable code: {@code outbox.full}, {@code outbox.full-cleared}, {@code outbox.corrupt},
 *             {@code outbox.write-failed}, {@code outbox.telemetry-dropped}
 * @param text what happened, for people
 */
public record OutboxAlarm(String code, String text) {
}

package io.streetstation.agent.uplink.command;

/**
 * Something about the command journal an operator must see (it becomes an alarm event and a log
 * line).
 *
 * @param code stable code: {@code commands.journal-corrupt} (moved aside, started fresh: the replay
 *     cache and outcomes were lost), {@code commands.journal-write-failed}
 * @param text what happened, for people, naming the files
 */
public record JournalAlarm(String code, String text) {
}

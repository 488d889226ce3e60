package io.streetstation.agent.uplink.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One command the station obeys. The dispatcher has already checked signature, time, replay and
 * scope; the handler says which targets it knows, checks its parameters (before anything moves)
 * and then does the work, reporting steps. Its future completes with the reply's {@code result}
 * or fails with {@link CommandFailedException} (a reason for central); the dispatcher answers
 * {@code timed_out} when {@link #deadline()} passes first and cancels the future.
 */
public interface CommandHandler {

    /** Reports a step of a running command ({@code in_progress} replies). */
    interface Progress {
        void step(String step, int percent);
    }

    /** Command name, as in the command's {@code name}. */
    String name();

    /** The scope the command needs; maintenance commands also need a maintenance-scoped key. */
    Scope scope();

    /** The targets this command applies to (station, device names). */
    Set<String> targets();

    /** Checks the parameters: empty when good, else why not (no side effect). */
    Optional<String> validate(String target, ObjectNode params);

    /** Longest the command may take, station time. */
    Duration deadline();

    /** Does it. Called once per command id, on the dispatcher's thread: return quickly, finish asynchronously. */
    CompletableFuture<ObjectNode> run(Command command, Progress progress);

    /** A command that did not succeed, with a stable code and words. */
    final class CommandFailedException extends RuntimeException {
        private final String code;

        public CommandFailedException(String code, String text) {
            super(text);
            this.code = code;
        }

        public String reason() {
            return code + ": " + getMessage();
        }
    }
}

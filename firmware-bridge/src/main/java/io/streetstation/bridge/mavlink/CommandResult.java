package io.streetstation.bridge.mavlink;

/**
 * How a command ended.
 *
 * @param progress     last reported progress 0..100, 255 unknown, -1 never reported
 * @param resultParam2 COMMAND_ACK.result_param2 of the final ACK (0 if none)
 * @param attempts     how many times the command went out (both forms together)
 * @param detail       human-readable, naming the vehicle and the numbers
 */
public record CommandResult(ComponentId target, int command, CommandOutcome outcome, int progress,
                            int resultParam2, int attempts, String detail) {

    public boolean accepted() {
        return outcome == CommandOutcome.ACCEPTED;
    }
}

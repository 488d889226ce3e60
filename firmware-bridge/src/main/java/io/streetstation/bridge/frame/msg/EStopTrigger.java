package io.streetstation.bridge.frame.msg;

/**
 * ESTOP_TRIGGER 0x0142, agent to nest, empty: stop every motor at once (roof, centring bars) and
 * latch the stop with source AGENT, as a button would; cleared by ESTOP_RESET. Sent when an
 * E-stop wired to the agent's board (not to the controller) is pressed.
 */
public record EStopTrigger() implements StationMessage {

    public static final MessageType<EStopTrigger> TYPE = new MessageType<>(0x0142, "ESTOP_TRIGGER",
            EStopTrigger.class, AckPolicy.ALWAYS, r -> new EStopTrigger());

    @Override
    public MessageType<EStopTrigger> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
    }
}

package io.streetstation.bridge.frame.msg;

/** ESTOP_RESET 0x0141, agent to nest, empty: clear a latched stop; refused while still pressed. */
public record EStopReset() implements StationMessage {

    public static final MessageType<EStopReset> TYPE = new MessageType<>(0x0141, "ESTOP_RESET",
            EStopReset.class, AckPolicy.ALWAYS, r -> new EStopReset());

    @Override
    public MessageType<EStopReset> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
    }
}

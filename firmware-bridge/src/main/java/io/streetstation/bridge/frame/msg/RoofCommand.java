package io.streetstation.bridge.frame.msg;

/** ROOF_COMMAND 0x0100, agent to nest: move or stop the cover. ACK means "started", not "done". */
public record RoofCommand(Action action) implements StationMessage {

    public static final MessageType<RoofCommand> TYPE = new MessageType<>(0x0100, "ROOF_COMMAND",
            RoofCommand.class, AckPolicy.ALWAYS, RoofCommand::read);

    public enum Action implements WireEnum {
        OPEN(1), CLOSE(2), STOP(3);

        private final int code;

        Action(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public RoofCommand {
        Check.notNull("action", action);
    }

    @Override
    public MessageType<RoofCommand> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.enumeration(action);
    }

    static RoofCommand read(PayloadReader r) {
        return new RoofCommand(r.enumeration(Action.class, "action"));
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * BAY_COMMAND 0x0110, agent to nest.
 *
 * @param bay 1..4
 */
public record BayCommand(int bay, Action action) implements StationMessage {

    public static final MessageType<BayCommand> TYPE = new MessageType<>(0x0110, "BAY_COMMAND",
            BayCommand.class, AckPolicy.ALWAYS, BayCommand::read);

    public enum Action implements WireEnum {
        CENTRING_CLAMP(1), CENTRING_RELEASE(2), CHARGE_START(3), CHARGE_STOP(4),
        DRONE_POWER_ON(5), DRONE_POWER_OFF(6);

        private final int code;

        Action(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public BayCommand {
        Check.range("bay", bay, 1, 4);
        Check.notNull("action", action);
    }

    @Override
    public MessageType<BayCommand> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(bay).enumeration(action);
    }

    static BayCommand read(PayloadReader r) {
        return new BayCommand(r.u8("bay"), r.enumeration(Action.class, "action"));
    }
}

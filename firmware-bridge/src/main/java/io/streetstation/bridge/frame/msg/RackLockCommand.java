package io.streetstation.bridge.frame.msg;

/**
 * RACK_LOCK_COMMAND 0x0201, agent to rack.
 *
 * @param slot 1..32
 */
public record RackLockCommand(int slot, Action action) implements StationMessage {

    public static final MessageType<RackLockCommand> TYPE = new MessageType<>(0x0201,
            "RACK_LOCK_COMMAND", RackLockCommand.class, AckPolicy.ALWAYS, RackLockCommand::read);

    public enum Action implements WireEnum {
        LOCK(1), UNLOCK(2);

        private final int code;

        Action(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public RackLockCommand {
        Check.range("slot", slot, 1, 32);
        Check.notNull("action", action);
    }

    @Override
    public MessageType<RackLockCommand> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(slot).enumeration(action);
    }

    static RackLockCommand read(PayloadReader r) {
        return new RackLockCommand(r.u8("slot"), r.enumeration(Action.class, "action"));
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * ESTOP_STATE 0x0140, nest to agent, always acknowledged.
 *
 * @param pressed a button is held now
 * @param latched the stop stays in force until ESTOP_RESET
 * @param source who stopped the station; never NONE while pressed or latched
 */
public record EStopState(boolean pressed, boolean latched, Source source) implements StationMessage {

    public static final MessageType<EStopState> TYPE = new MessageType<>(0x0140, "ESTOP_STATE",
            EStopState.class, AckPolicy.ALWAYS, EStopState::read);

    public enum Source implements WireEnum {
        NONE(0), LOCAL_BUTTON(1), REMOTE_BUTTON(2), AGENT(3), SAFETY_CIRCUIT(4);

        private final int code;

        Source(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public EStopState {
        Check.notNull("source", source);
        if ((pressed || latched) && source == Source.NONE) {
            throw new BadPayloadException("E-stop pressed or latched without a source");
        }
    }

    @Override
    public MessageType<EStopState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.bool(pressed).bool(latched).enumeration(source);
    }

    static EStopState read(PayloadReader r) {
        return new EStopState(r.bool("pressed"), r.bool("latched"),
                r.enumeration(Source.class, "source"));
    }
}

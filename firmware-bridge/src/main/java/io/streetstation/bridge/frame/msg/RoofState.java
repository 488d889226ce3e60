package io.streetstation.bridge.frame.msg;

/**
 * ROOF_STATE 0x0101, nest to agent.
 *
 * @param positionPercent 0..100, 0 = closed
 * @param motorCurrentMa 0..30000 mA; the controller faults on stall
 * @param faultCode 0..65535, 0 = none
 */
public record RoofState(Phase phase, int positionPercent, int motorCurrentMa, int faultCode)
        implements StationMessage {

    public static final MessageType<RoofState> TYPE = new MessageType<>(0x0101, "ROOF_STATE",
            RoofState.class, AckPolicy.ON_CHANGE, RoofState::read);

    public enum Phase implements WireEnum {
        CLOSED(0), OPENING(1), OPEN(2), CLOSING(3), STOPPED(4), FAULT(5);

        private final int code;

        Phase(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public RoofState {
        Check.notNull("phase", phase);
        Check.percent("position", positionPercent, false);
        Check.range("motor current mA", motorCurrentMa, 0, 30_000);
        Check.range("fault code", faultCode, 0, 0xFFFF);
    }

    @Override
    public MessageType<RoofState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.enumeration(phase).u8(positionPercent).u16(motorCurrentMa).u16(faultCode);
    }

    static RoofState read(PayloadReader r) {
        return new RoofState(r.enumeration(Phase.class, "phase"), r.u8("position"),
                r.u16("motor current"), r.u16("fault code"));
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * BAY_STATE 0x0111, nest to agent. Drone presence comes from two independent sensors so that the
 * agent can see (and refuse to act on) a disagreement.
 *
 * @param bay 1..4
 * @param chargeVoltageMv 0..60000 mV
 * @param chargeCurrentMa 0..30000 mA
 * @param batteryPercent 0..100, 255 = unknown (no drone, or not reported)
 */
public record BayState(int bay, boolean presentA, boolean presentB, Centring centring,
                       boolean contactsEngaged, Charger charger, int chargeVoltageMv,
                       int chargeCurrentMa, int batteryPercent, boolean dronePower)
        implements StationMessage {

    public static final MessageType<BayState> TYPE = new MessageType<>(0x0111, "BAY_STATE",
            BayState.class, AckPolicy.ON_CHANGE, BayState::read);

    /** Unknown battery level. */
    public static final int UNKNOWN = 255;

    public enum Centring implements WireEnum {
        RELEASED(0), CLAMPING(1), CLAMPED(2), RELEASING(3), FAULT(4);

        private final int code;

        Centring(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public enum Charger implements WireEnum {
        IDLE(0), CHARGING(1), FULL(2), FAULT(3), REFUSED(4);

        private final int code;

        Charger(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public BayState {
        Check.range("bay", bay, 1, 4);
        Check.notNull("centring", centring);
        Check.notNull("charger", charger);
        Check.range("charge voltage mV", chargeVoltageMv, 0, 60_000);
        Check.range("charge current mA", chargeCurrentMa, 0, 30_000);
        Check.percent("battery", batteryPercent, true);
    }

    /** The two presence sensors disagree: a sensor fault or a drone sitting askew. */
    public boolean presenceDisagrees() {
        return presentA != presentB;
    }

    @Override
    public MessageType<BayState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(bay).bool(presentA).bool(presentB).enumeration(centring).bool(contactsEngaged)
                .enumeration(charger).u16(chargeVoltageMv).u16(chargeCurrentMa)
                .u8(batteryPercent).bool(dronePower);
    }

    static BayState read(PayloadReader r) {
        return new BayState(r.u8("bay"), r.bool("present A"), r.bool("present B"),
                r.enumeration(Centring.class, "centring"), r.bool("contacts engaged"),
                r.enumeration(Charger.class, "charger"), r.u16("charge voltage"),
                r.u16("charge current"), r.u8("battery"), r.bool("drone power"));
    }
}

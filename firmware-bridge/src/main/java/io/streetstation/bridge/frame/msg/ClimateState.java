package io.streetstation.bridge.frame.msg;

/**
 * CLIMATE_STATE 0x0130, nest to agent: inside the nest (batteries charge badly below 5 degC).
 *
 * @param insideCentiC 0.01 degC, -5000..8500
 * @param humidityCentiPct 0.01 %RH, 0..10000
 * @param targetCentiC 0.01 degC, -2000..4000
 */
public record ClimateState(int insideCentiC, int humidityCentiPct, boolean heater, boolean fan,
                           boolean dehumidifier, ClimateMode mode, int targetCentiC)
        implements StationMessage {

    public static final MessageType<ClimateState> TYPE = new MessageType<>(0x0130,
            "CLIMATE_STATE", ClimateState.class, AckPolicy.ON_CHANGE, ClimateState::read);

    public ClimateState {
        Check.range("inside temperature 0.01 degC", insideCentiC, -5000, 8500);
        Check.range("humidity 0.01 %", humidityCentiPct, 0, 10_000);
        Check.notNull("mode", mode);
        Check.range("target temperature 0.01 degC", targetCentiC, -2000, 4000);
    }

    @Override
    public MessageType<ClimateState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.i16(insideCentiC).u16(humidityCentiPct).bool(heater).bool(fan).bool(dehumidifier)
                .enumeration(mode).i16(targetCentiC);
    }

    static ClimateState read(PayloadReader r) {
        return new ClimateState(r.i16("inside temperature"), r.u16("humidity"), r.bool("heater"),
                r.bool("fan"), r.bool("dehumidifier"), r.enumeration(ClimateMode.class, "mode"),
                r.i16("target temperature"));
    }
}

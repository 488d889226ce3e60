package io.streetstation.bridge.frame.msg;

/**
 * CLIMATE_SET_MODE 0x0131, agent to nest.
 *
 * @param targetCentiC 0.01 degC, -2000..4000
 */
public record ClimateSetMode(ClimateMode mode, int targetCentiC) implements StationMessage {

    public static final MessageType<ClimateSetMode> TYPE = new MessageType<>(0x0131,
            "CLIMATE_SET_MODE", ClimateSetMode.class, AckPolicy.ALWAYS, ClimateSetMode::read);

    public ClimateSetMode {
        Check.notNull("mode", mode);
        Check.range("target temperature 0.01 degC", targetCentiC, -2000, 4000);
    }

    @Override
    public MessageType<ClimateSetMode> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.enumeration(mode).i16(targetCentiC);
    }

    static ClimateSetMode read(PayloadReader r) {
        return new ClimateSetMode(r.enumeration(ClimateMode.class, "mode"),
                r.i16("target temperature"));
    }
}

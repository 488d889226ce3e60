package io.streetstation.bridge.frame.msg;

/** TOWER_LIGHT_STATE 0x0151, nest to agent: what the lamp shows. */
public record TowerLightState(LightColour colour, LightPattern pattern) implements StationMessage {

    public static final MessageType<TowerLightState> TYPE = new MessageType<>(0x0151,
            "TOWER_LIGHT_STATE", TowerLightState.class, AckPolicy.ON_CHANGE, TowerLightState::read);

    public TowerLightState {
        Check.notNull("colour", colour);
        Check.notNull("pattern", pattern);
    }

    @Override
    public MessageType<TowerLightState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.enumeration(colour).enumeration(pattern);
    }

    static TowerLightState read(PayloadReader r) {
        return new TowerLightState(r.enumeration(LightColour.class, "colour"),
                r.enumeration(LightPattern.class, "pattern"));
    }
}

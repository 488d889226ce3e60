package io.streetstation.bridge.frame.msg;

/** TOWER_LIGHT_COMMAND 0x0150, agent to nest. */
public record TowerLightCommand(LightColour colour, LightPattern pattern) implements StationMessage {

    public static final MessageType<TowerLightCommand> TYPE = new MessageType<>(0x0150,
            "TOWER_LIGHT_COMMAND", TowerLightCommand.class, AckPolicy.ALWAYS, TowerLightCommand::read);

    public TowerLightCommand {
        Check.notNull("colour", colour);
        Check.notNull("pattern", pattern);
    }

    @Override
    public MessageType<TowerLightCommand> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.enumeration(colour).enumeration(pattern);
    }

    static TowerLightCommand read(PayloadReader r) {
        return new TowerLightCommand(r.enumeration(LightColour.class, "colour"),
                r.enumeration(LightPattern.class, "pattern"));
    }
}

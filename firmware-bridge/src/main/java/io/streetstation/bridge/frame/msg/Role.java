package io.streetstation.bridge.frame.msg;

/** Which end of the protocol a node plays (PROTOCOL.md §4). */
public enum Role implements WireEnum {
    /** The station agent: bus master, sends commands, greets every expected device on link up. */
    AGENT(1),
    /** Firmware (or a simulator of it): answers commands, reports state, greets the agent on boot. */
    DEVICE(2);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}

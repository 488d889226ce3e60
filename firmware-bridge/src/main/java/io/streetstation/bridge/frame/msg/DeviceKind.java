package io.streetstation.bridge.frame.msg;

/** What a node is, as announced in HELLO. */
public enum DeviceKind implements WireEnum {
    AGENT(1), NEST_CONTROLLER(2), VEHICLE_RACK(3), FIXED_CAMERA(4);

    private final int code;

    DeviceKind(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}

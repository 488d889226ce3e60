package io.streetstation.bridge.frame.msg;

/** Tower light pattern. */
public enum LightPattern implements WireEnum {
    STEADY(0), FLASHING(1);

    private final int code;

    LightPattern(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}

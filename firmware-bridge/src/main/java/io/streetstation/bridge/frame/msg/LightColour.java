package io.streetstation.bridge.frame.msg;

/** Tower light colour. */
public enum LightColour implements WireEnum {
    OFF(0), GREEN(1), AMBER(2), RED(3);

    private final int code;

    LightColour(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}

package io.streetstation.bridge.frame.msg;

/** Operating mode of the nest's climate control. */
public enum ClimateMode implements WireEnum {
    OFF(0), AUTO(1), HEAT(2), VENTILATE(3), DRY(4);

    private final int code;

    ClimateMode(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}

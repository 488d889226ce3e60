package io.streetstation.bridge.frame.msg;

/** The address plan of PROTOCOL.md §2.3. */
public final class StationAddress {

    /** The station agent, bus master. */
    public static final int AGENT = 0x01;
    /** The nest controller MCU. */
    public static final int NEST = 0x10;
    /** The balance-vehicle rack. */
    public static final int RACK = 0x20;
    /** First of 16 fixed capture cameras, 0x30..0x3F. */
    public static final int CAMERA_FIRST = 0x30;
    public static final int CAMERA_LAST = 0x3F;
    /** Everyone; never acknowledged. */
    public static final int BROADCAST = 0xFF;

    private StationAddress() {
    }

    /** Address of camera {@code n}, 0..15. */
    public static int camera(int n) {
        return CAMERA_FIRST + Check.range("camera", n, 0, 15);
    }
}

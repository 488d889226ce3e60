package io.streetstation.bridge.frame.msg;

/**
 * POWER_STATE 0x0160, nest to agent.
 *
 * @param upsBatteryPercent 0..100, 255 = unknown
 * @param upsRuntimeS remaining UPS runtime, s, 0..65535 (saturating)
 * @param busVoltageMv DC bus, mV, 0..60000
 */
public record PowerState(boolean mainsPresent, int upsBatteryPercent, int upsRuntimeS,
                         int busVoltageMv) implements StationMessage {

    public static final MessageType<PowerState> TYPE = new MessageType<>(0x0160, "POWER_STATE",
            PowerState.class, AckPolicy.ON_CHANGE, PowerState::read);

    public PowerState {
        Check.percent("UPS battery", upsBatteryPercent, true);
        Check.range("UPS runtime s", upsRuntimeS, 0, 0xFFFF);
        Check.range("bus voltage mV", busVoltageMv, 0, 60_000);
    }

    @Override
    public MessageType<PowerState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.bool(mainsPresent).u8(upsBatteryPercent).u16(upsRuntimeS).u16(busVoltageMv);
    }

    static PowerState read(PayloadReader r) {
        return new PowerState(r.bool("mains present"), r.u8("UPS battery"), r.u16("UPS runtime"),
                r.u16("bus voltage"));
    }
}

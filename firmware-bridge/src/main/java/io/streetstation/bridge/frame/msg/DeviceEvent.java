package io.streetstation.bridge.frame.msg;

/**
 * DEVICE_EVENT 0x0004: something a technician should see (a fault, a warning).
 *
 * @param code device-specific, 0..65535, 0 = none
 * @param text 0..160 UTF-8 bytes
 */
public record DeviceEvent(int code, Severity severity, String text) implements StationMessage {

    public static final MessageType<DeviceEvent> TYPE = new MessageType<>(0x0004, "DEVICE_EVENT",
            DeviceEvent.class, AckPolicy.ALWAYS, DeviceEvent::read);

    public enum Severity implements WireEnum {
        INFO(0), WARNING(1), FAULT(2), CRITICAL(3);

        private final int code;

        Severity(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public DeviceEvent {
        Check.range("code", code, 0, 0xFFFF);
        Check.notNull("severity", severity);
        Check.str("text", text, 160);
    }

    @Override
    public MessageType<DeviceEvent> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u16(code).enumeration(severity).str(text);
    }

    static DeviceEvent read(PayloadReader r) {
        return new DeviceEvent(r.u16("code"), r.enumeration(Severity.class, "severity"),
                r.str(160, "text"));
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * RACK_SLOT_STATE 0x0200, rack to agent: one balance-vehicle slot.
 *
 * @param slot 1..32
 * @param batteryPercent 0..100, 255 = unknown
 * @param charging never true for an empty slot
 * @param vehicleId 0..16 printable ASCII characters; empty for an empty slot (or if unread)
 */
public record RackSlotState(int slot, boolean occupied, Lock lock, int batteryPercent,
                            boolean charging, String vehicleId) implements StationMessage {

    public static final MessageType<RackSlotState> TYPE = new MessageType<>(0x0200,
            "RACK_SLOT_STATE", RackSlotState.class, AckPolicy.ON_CHANGE, RackSlotState::read);

    public enum Lock implements WireEnum {
        UNLOCKED(0), LOCKED(1), MOVING(2), FAULT(3);

        private final int code;

        Lock(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public RackSlotState {
        Check.range("slot", slot, 1, 32);
        Check.notNull("lock", lock);
        Check.percent("battery", batteryPercent, true);
        Check.str("vehicle id", vehicleId, 16);
        if (!vehicleId.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new BadPayloadException("vehicle id: not printable ASCII");
        }
        if (!occupied && (charging || !vehicleId.isEmpty())) {
            throw new BadPayloadException("slot " + slot + " empty but charging or with a vehicle id");
        }
    }

    @Override
    public MessageType<RackSlotState> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u8(slot).bool(occupied).enumeration(lock).u8(batteryPercent).bool(charging)
                .str(vehicleId);
    }

    static RackSlotState read(PayloadReader r) {
        return new RackSlotState(r.u8("slot"), r.bool("occupied"),
                r.enumeration(Lock.class, "lock"), r.u8("battery"), r.bool("charging"),
                r.str(16, "vehicle id"));
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * Who a node is: the identity block shared by HELLO and HELLO_ACK (PROTOCOL.md §5.1).
 *
 * @param bootId random per boot, 1..2^32-1; a change means the node rebooted
 * @param capabilities kind-specific bit mask, 32 bits
 * @param serial serial number, 0..32 UTF-8 bytes
 */
public record PeerIdentity(Role role, DeviceKind kind, long bootId, FirmwareVersion firmware,
                           long capabilities, String serial) {

    public PeerIdentity {
        Check.notNull("role", role);
        Check.notNull("kind", kind);
        Check.range("boot id", bootId, 1, 0xFFFF_FFFFL);
        Check.notNull("firmware", firmware);
        Check.range("capabilities", capabilities, 0, 0xFFFF_FFFFL);
        Check.str("serial", serial, 32);
    }

    void write(PayloadWriter w) {
        w.enumeration(role).enumeration(kind).u32(bootId)
                .u8(firmware.major()).u8(firmware.minor()).u16(firmware.patch())
                .u32(capabilities).str(serial);
    }

    static PeerIdentity read(PayloadReader r) {
        return new PeerIdentity(r.enumeration(Role.class, "role"),
                r.enumeration(DeviceKind.class, "kind"), r.u32("boot id"),
                new FirmwareVersion(r.u8("firmware major"), r.u8("firmware minor"),
                        r.u16("firmware patch")),
                r.u32("capabilities"), r.str(32, "serial"));
    }

    /** A copy with another boot id: what a node looks like after a reboot. */
    public PeerIdentity withBootId(long newBootId) {
        return new PeerIdentity(role, kind, newBootId, firmware, capabilities, serial);
    }
}

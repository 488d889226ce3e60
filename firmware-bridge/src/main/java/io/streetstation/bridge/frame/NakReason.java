package io.streetstation.bridge.frame;

/** Reason codes of a NAK (PROTOCOL.md §3.1); the code is the wire value. */
public enum NakReason {
    /** A code this version does not define; treated as refused. */
    UNSPECIFIED(0),
    /** The type id is not in the receiver's catalogue. */
    UNKNOWN_TYPE(1),
    /** Wrong length, a field out of range, an unknown enum value. */
    BAD_PAYLOAD(2),
    /** Cannot take it now; the sender may try again later as a new frame. */
    BUSY(3),
    /** An interlock or rule says no (E-stop latched, charger above 95 %). */
    REFUSED(4),
    /** HELLO offered no version the receiver speaks. */
    UNSUPPORTED_VERSION(5),
    /** No handshake with this sender since the receiver booted: send HELLO first. */
    NO_SESSION(6);

    private final int code;

    NakReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static NakReason fromCode(int code) {
        for (NakReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return UNSPECIFIED;
    }
}

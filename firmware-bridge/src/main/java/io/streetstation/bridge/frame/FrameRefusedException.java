package io.streetstation.bridge.frame;

/** The peer answered NAK; {@link #reason()} says why (PROTOCOL.md §3.1). */
public final class FrameRefusedException extends FrameException {

    private final Nak nak;

    public FrameRefusedException(int peer, Nak nak, String message) {
        super(peer, message);
        this.nak = nak;
    }

    public NakReason reason() {
        return nak.reason();
    }

    /** The peer's detail text. */
    public String detail() {
        return nak.detail();
    }
}

package io.streetstation.bridge.mavlink;

import java.util.Set;

/**
 * What a link with a signing key does with unsigned MAVLink frames. The signing spec leaves this to
 * the implementation but says RADIO_STATUS (109, injected by the radios themselves, which cannot
 * sign) should always be accepted; {@link #defaultForSignedLink()} does exactly that.
 *
 * @param mode what to do
 * @param acceptedIds message ids accepted unsigned under {@link Mode#ACCEPT_LISTED}
 */
public record UnsignedPolicy(Mode mode, Set<Integer> acceptedIds) {

    public static final int RADIO_STATUS = 109;
    public static final int HEARTBEAT = 0;

    public enum Mode { ACCEPT_ALL, ACCEPT_LISTED, REJECT_ALL }

    public UnsignedPolicy {
        acceptedIds = Set.copyOf(acceptedIds);
    }

    public static UnsignedPolicy acceptAll() {
        return new UnsignedPolicy(Mode.ACCEPT_ALL, Set.of());
    }

    /** Strict: every unsigned frame is refused, RADIO_STATUS included. */
    public static UnsignedPolicy rejectAll() {
        return new UnsignedPolicy(Mode.REJECT_ALL, Set.of());
    }

    public static UnsignedPolicy acceptListed(Integer... ids) {
        return new UnsignedPolicy(Mode.ACCEPT_LISTED, Set.of(ids));
    }

    /** Reject unsigned frames except RADIO_STATUS. */
    public static UnsignedPolicy defaultForSignedLink() {
        return acceptListed(RADIO_STATUS);
    }

    public boolean accepts(int messageId) {
        return switch (mode) {
            case ACCEPT_ALL -> true;
            case REJECT_ALL -> false;
            case ACCEPT_LISTED -> acceptedIds.contains(messageId);
        };
    }
}

package io.streetstation.agent.nest;

/**
 * What can be asked of the nest that moves or energises something, and therefore passes the
 * {@link Interlocks}. Stopping (roof stop, charge stop, drone power off) is not here: making the
 * station safer is never refused.
 */
public enum Actuation {
    ROOF_OPEN, ROOF_CLOSE, CENTRING_RELEASE, CENTRING_CLAMP, CHARGE_START, DRONE_POWER_ON, LAUNCH, LAND;

    /** Its word in refusals and on the wire: {@code roof_open}, {@code launch}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for actuations about one bay (bay 1..4); false for the roof. */
    public boolean perBay() {
        return this != ROOF_OPEN && this != ROOF_CLOSE;
    }
}

package io.streetstation.agent.nest;

/**
 * One bay as the nest controller last reported it.
 *
 * @param bay 1..4
 * @param presentA the first drone-presence sensor
 * @param presentB the second, independent one
 * @param centring the centring bars
 * @param charger the bay's charger
 * @param batteryPercent the docked drone's charge, 0..100, or {@link #UNKNOWN}
 * @param dronePower the bay powers the drone
 */
public record BayView(int bay, boolean presentA, boolean presentB, Centring centring, Charger charger,
                      int batteryPercent, boolean dronePower) {

    public static final int UNKNOWN = -1;

    /** The centring bars hold a drone square on its charge contacts (clamped) or let it go (released). */
    public enum Centring { RELEASED, CLAMPING, CLAMPED, RELEASING, FAULT }

    public enum Charger { IDLE, CHARGING, FULL, FAULT, REFUSED }

    public BayView {
        if (bay < 1 || bay > 4) {
            throw new IllegalArgumentException("bay must be 1..4, was " + bay);
        }
        if (batteryPercent != UNKNOWN && (batteryPercent < 0 || batteryPercent > 100)) {
            throw new IllegalArgumentException("battery must be 0..100 or UNKNOWN, was " + batteryPercent);
        }
    }

    /** An empty bay, bars released, charger idle. */
    public static BayView empty(int bay) {
        return new BayView(bay, false, false, Centring.RELEASED, Charger.IDLE, UNKNOWN, false);
    }

    /** A docked drone, clamped, at {@code percent}. */
    public static BayView docked(int bay, int percent) {
        return new BayView(bay, true, true, Centring.CLAMPED, Charger.IDLE, percent, false);
    }

    /** The two presence sensors disagree: a sensor fault or a drone sitting askew. */
    public boolean sensorsDisagree() {
        return presentA != presentB;
    }

    /** Both sensors see a drone. */
    public boolean occupied() {
        return presentA && presentB;
    }

    /** Both sensors see nothing. */
    public boolean empty() {
        return !presentA && !presentB;
    }

    public BayView withCentring(Centring c) {
        return new BayView(bay, presentA, presentB, c, charger, batteryPercent, dronePower);
    }

    public BayView withCharger(Charger c) {
        return new BayView(bay, presentA, presentB, centring, c, batteryPercent, dronePower);
    }

    public BayView withPresence(boolean a, boolean b) {
        return new BayView(bay, a, b, centring, charger, batteryPercent, dronePower);
    }

    public BayView withBattery(int percent) {
        return new BayView(bay, presentA, presentB, centring, charger, percent, dronePower);
    }

    public BayView withDronePower(boolean on) {
        return new BayView(bay, presentA, presentB, centring, charger, batteryPercent, on);
    }
}

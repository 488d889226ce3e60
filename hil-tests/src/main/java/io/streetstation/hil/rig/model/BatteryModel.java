package io.streetstation.hil.rig.model;

import java.time.Duration;

/**
 * A flying drone's battery: linear drain that empties a full pack in the configured endurance in
 * still air at cruise speed, more with wind (a head wind at 10 m/s costs about a third more) and
 * with speed above cruise, less when idle on the ground with motors off. Injected sag drops the
 * level at once (a weak cell under load).
 */
public final class BatteryModel {

    private final SimTimings timings;
    private double percent;

    public BatteryModel(SimTimings timings, double startPercent) {
        this.timings = timings;
        this.percent = Math.max(0, Math.min(100, startPercent));
    }

    /**
     * @param flying motors running
     * @param speed ground speed, m/s
     * @param wind wind speed, m/s
     */
    public void step(Duration dt, boolean flying, double speed, double wind) {
        if (!flying) {
            return;
        }
        double s = dt.toNanos() / 1e9;
        double base = 100.0 / (timings.endurance().toNanos() / 1e9);
        double windFactor = 1.0 + 0.033 * Math.max(0, wind);
        double speedFactor = speed <= timings.cruiseSpeed() ? 1.0 : 1.0 + 0.05 * (speed - timings.cruiseSpeed());
        percent = Math.max(0, percent - base * windFactor * speedFactor * s);
    }

    /** Fault injection: the level drops by {@code points} at once. */
    public void sag(double points) {
        percent = Math.max(0, percent - points);
    }

    public double percent() {
        return percent;
    }

    /** Flight time left at cruise in still air, s. */
    public double secondsLeft() {
        return percent / 100.0 * timings.endurance().toSeconds();
    }
}

package io.streetstation.hil.rig.model;

import java.time.Duration;

/**
 * One bay's charger and the 4S LiPo pack of the drone on it: constant current from any level up
 * to 90 % at the rate that takes 20 → 90 % in the configured time, then a constant-voltage taper
 * (current falls linearly with the remaining capacity) until full. The charger refuses to start
 * above the configured level and needs the charge contacts closed.
 *
 * <pre>
 *  IDLE ──start (contacts, ≤ refuse level)──▶ CHARGING ──≥ 99.5 %──▶ FULL
 *   │  ──start (above refuse level)──▶ REFUSED (stays until the next start/stop)
 *   any ──fault──▶ FAULT (latched until reset);  CHARGING ──stop / contacts open──▶ IDLE;  FULL ──contacts open──▶ IDLE
 * </pre>
 */
public final class ChargerModel {

    public enum State { IDLE, CHARGING, FULL, FAULT, REFUSED }

    private static final double CELLS = 4;
    private static final double FULL_AT = 99.5;
    /** constant current phase, mA (a 5 Ah pack at ~1.6 C) */
    private static final double CC_CURRENT_MA = 8_000;

    private final SimTimings timings;
    private final double ccRatePerSecond;
    private State state = State.IDLE;
    private double percent;
    private boolean contacts;
    private String reason = "";

    public ChargerModel(SimTimings timings, double startPercent) {
        this.timings = timings;
        this.percent = clamp(startPercent);
        this.ccRatePerSecond = 70.0 / (timings.charge20To90().toNanos() / 1e9);
    }

    /** Charge contacts closed (centring bars clamped on a present drone) or open. */
    public void contacts(boolean closed) {
        contacts = closed;
        if (!closed && (state == State.CHARGING || state == State.FULL)) {
            state = State.IDLE;   // the pack left the contacts: nothing is charging, nothing is full
        }
    }

    /** @return the state after the request: CHARGING, or REFUSED/FAULT/FULL with {@link #reason()} */
    public State start() {
        if (state == State.FAULT) {
            return state;
        }
        if (!contacts) {
            state = State.REFUSED;
            reason = "charge contacts open";
        } else if (percent > timings.chargerRefuseAbovePercent()) {
            state = State.REFUSED;
            reason = String.format("battery %.1f %% above %.0f %%", percent, timings.chargerRefuseAbovePercent());
        } else {
            state = State.CHARGING;
            reason = "";
        }
        return state;
    }

    public void stop() {
        if (state == State.CHARGING || state == State.REFUSED || state == State.FULL) {
            state = State.IDLE;
        }
    }

    /** Fault injection: the charger trips (over-temperature, cell imbalance …). */
    public void fault(String why) {
        state = State.FAULT;
        reason = why;
    }

    public boolean reset() {
        if (state != State.FAULT) {
            return false;
        }
        state = State.IDLE;
        reason = "";
        return true;
    }

    public void step(Duration dt) {
        if (state != State.CHARGING) {
            return;
        }
        double s = dt.toNanos() / 1e9;
        double rate = percent < 90 ? ccRatePerSecond : ccRatePerSecond * Math.max(0.05, (100 - percent) / 10.0);
        percent = clamp(percent + rate * s);
        if (percent >= FULL_AT) {
            state = State.FULL;
        }
    }

    public State state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public double percent() {
        return percent;
    }

    /** A drone was put on the bay (or taken off): its pack's level. */
    public void battery(double p) {
        percent = clamp(p);
    }

    /** Charging current, mA. */
    public int currentMilliAmps() {
        if (state != State.CHARGING) {
            return 0;
        }
        return (int) Math.round(percent < 90 ? CC_CURRENT_MA : CC_CURRENT_MA * Math.max(0.05, (100 - percent) / 10.0));
    }

    /** Pack voltage, mV: 3.5 V/cell empty to 4.2 V/cell full, plus the charge current's IR rise. */
    public int voltageMilliVolts() {
        double cell = 3.5 + 0.7 * percent / 100.0 + (state == State.CHARGING ? 0.03 : 0);
        return (int) Math.round(cell * CELLS * 1000);
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(100, p));
    }
}

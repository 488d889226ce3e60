package io.streetstation.hil.rig.model;

import java.time.Duration;

/**
 * The nest's roof (cover) as its motor controller sees it: position 0 % (closed) … 100 % (open),
 * travel at a constant rate, motor current, end stops, and a stall (something blocks the roof)
 * that the firmware detects by over-current and turns into a latched fault.
 *
 * <pre>
 *   CLOSED ──open──▶ OPENING ──100 %──▶ OPEN ──close──▶ CLOSING ──0 %──▶ CLOSED
 *                      │  ▲ stop/        │                 │
 *                      ▼  │ open/close   ▼                 ▼
 *                     STOPPED ◀───── stop ───────────── (either)
 *   OPENING/CLOSING ── over-current ≥ stallDetect ──▶ FAULT (motor off, latched until reset)
 * </pre>
 *
 * Not thread-safe: the simulated nest controller owns it and steps it from one thread.
 */
public final class RoofModel {

    /** Motion state as the controller reports it. */
    public enum State { CLOSED, OPENING, OPEN, CLOSING, STOPPED, FAULT }

    /** Why a command was refused, or {@code null} when it was accepted. */
    public enum Refusal { FAULTED, ALREADY_THERE }

    private final SimTimings timings;
    private State state = State.CLOSED;
    private double position;           // %, 0 closed .. 100 open
    private boolean blocked;           // injected: something stops the roof from moving
    private double overCurrentSeconds; // how long the current has been above the stall threshold
    private String faultReason = "";

    public RoofModel(SimTimings timings) {
        this.timings = timings;
    }

    public Refusal open() {
        return move(State.OPENING, 100.0);
    }

    public Refusal close() {
        return move(State.CLOSING, 0.0);
    }

    private Refusal move(State motion, double target) {
        if (state == State.FAULT) {
            return Refusal.FAULTED;
        }
        if (position == target && state != State.OPENING && state != State.CLOSING) {
            return Refusal.ALREADY_THERE;
        }
        state = motion;
        overCurrentSeconds = 0;
        return null;
    }

    /** Stops the motor wherever the roof is. Always accepted. */
    public void stop() {
        if (state == State.OPENING || state == State.CLOSING) {
            state = State.STOPPED;
        }
    }

    /** Clears a latched fault; the roof stays where it is (STOPPED, or at an end stop). */
    public boolean reset() {
        if (state != State.FAULT) {
            return false;
        }
        faultReason = "";
        state = position <= 0 ? State.CLOSED : position >= 100 ? State.OPEN : State.STOPPED;
        return true;
    }

    /** Fault injection: the roof is blocked (or freed). */
    public void blocked(boolean b) {
        blocked = b;
    }

    /** Advances the model by {@code dt}. */
    public void step(Duration dt) {
        double s = dt.toNanos() / 1e9;
        if (state != State.OPENING && state != State.CLOSING) {
            return;
        }
        if (blocked) {
            overCurrentSeconds += s;
            if (overCurrentSeconds * 1000 >= timings.roofStallDetect().toMillis()) {
                state = State.FAULT;
                faultReason = String.format("motor stall at %.0f %%: over-current %d mA for %d ms",
                        position, timings.roofStallCurrentMilliAmps(), timings.roofStallDetect().toMillis());
            }
            return;
        }
        overCurrentSeconds = 0;
        if (state == State.OPENING) {
            position = Math.min(100.0, position + 100.0 * s / (timings.roofOpen().toNanos() / 1e9));
            if (position >= 100.0) {
                state = State.OPEN;
            }
        } else {
            position = Math.max(0.0, position - 100.0 * s / (timings.roofClose().toNanos() / 1e9));
            if (position <= 0.0) {
                state = State.CLOSED;
            }
        }
    }

    public State state() {
        return state;
    }

    /** Roof position, % open. */
    public double position() {
        return position;
    }

    /** Motor current, mA: 0 when idle, the run current while moving, the stall current when blocked. */
    public int motorCurrentMilliAmps() {
        if (state != State.OPENING && state != State.CLOSING) {
            return 0;
        }
        return blocked ? timings.roofStallCurrentMilliAmps() : timings.roofRunCurrentMilliAmps();
    }

    public String faultReason() {
        return faultReason;
    }
}

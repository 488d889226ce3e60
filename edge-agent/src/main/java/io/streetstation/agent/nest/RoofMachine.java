package io.streetstation.agent.nest;

import io.streetstation.agent.config.OperationsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The roof (cover) as an explicit transition table: state × event → next state + actions, or a
 * refusal by the {@link Interlocks}, or a rejection of a pair that makes no sense. Pure; the nest's
 * actor feeds it requests, the controller's ROOF_STATE reports, deadline expiries, E-stops and
 * corridor entries, and carries out the actions.
 *
 * <pre>
 *              report CLOSED                     report OPEN
 *   Unknown ────────────────► Closed   Open ◄──────────────── Unknown
 *                               │  ▲     │  ▲
 *                 open request  │  │     │  │ report OPEN
 *          (interlocks permit)  ▼  │     │  │
 *                            Opening ────┼──┘          Opening/Closing ── stop, E-stop ──► Stopped
 *                               ▲  │     │ close request                 ── Closing: drone enters corridor ──► Stopped
 *                report CLOSED  │  │     ▼ (corridor clear)            ── deadline, FAULT, unexpected stop ──► Faulted
 *                               └─ Closing                            Faulted ── reset ──► Unknown (status asked)
 * </pre>
 *
 * Rules of thumb the table follows: a stop is never refused and always reaches the motor; a fault
 * latches until a technician resets it; a report that contradicts a resting state (the roof moves
 * while it should be still) is a fault; a report that lags a command just given (still CLOSED a
 * moment after OPEN was sent) is tolerated, the deadline catches a motor that really does not
 * follow — a STOPPED report too, since it may lag a resume, and a stall is reported as FAULT; an
 * E-stop re-sends a stop whatever the state; a faulted roof that reports motion is stopped again;
 * after a restart a moving roof is stopped, since nobody knows any more why it moves; a
 * request to reverse goes straight to the controller, which ramps down and reverses by itself (a
 * STOP in between would bring a STOPPED report that could not be told from the controller stopping
 * on its own); a motor command the controller refuses leaves the roof stopped, with an alarm.
 */
public final class RoofMachine {

    // ---- states

    public sealed interface State {
    }

    /** Not yet reported by the controller (start, restart, after a reset). */
    public record Unknown() implements State {
    }

    public record Closed() implements State {
    }

    /** @param positionPercent last reported, 0..100 */
    public record Opening(int positionPercent) implements State {
    }

    public record Open() implements State {
    }

    /** @param positionPercent last reported, 0..100 */
    public record Closing(int positionPercent) implements State {
    }

    /** Halted part-way (or re-asserting a stop); {@code why} says who stopped it. */
    public record Stopped(int positionPercent, String why) implements State {
    }

    /** Latched until {@link ResetRequested}. */
    public record Faulted(String why) implements State {
    }

    // ---- events

    public sealed interface Event {
    }

    public record OpenRequested() implements Event {
    }

    public record CloseRequested() implements Event {
    }

    public record StopRequested() implements Event {
    }

    public record ResetRequested() implements Event {
    }

    /** The controller's motion deadline for the current motion has passed. */
    public record TimedOut() implements Event {
    }

    /** The E-stop has become active. */
    public record EStopped(String source) implements Event {
    }

    /** A drone has entered the launch/landing corridor. */
    public record CorridorEntered(String drone) implements Event {
    }

    /** The controller refused (NAKed) the last motor command, with its reason. */
    public record ControllerRefused(String reason) implements Event {
    }

    /** The controller's phase, as ROOF_STATE reports it. */
    public enum Phase { CLOSED, OPENING, OPEN, CLOSING, STOPPED, FAULT }

    /** A ROOF_STATE report: phase, position 0..100 (0 closed), fault code (0 none). */
    public record Reported(Phase phase, int positionPercent, int faultCode) implements Event {
        public Reported {
            Objects.requireNonNull(phase, "phase");
            if (positionPercent < 0 || positionPercent > 100) {
                throw new IllegalArgumentException("roof position must be 0..100 %, was " + positionPercent);
            }
        }
    }

    // ---- actions

    public sealed interface Action {
    }

    public record MotorOpen() implements Action {
    }

    public record MotorClose() implements Action {
    }

    public record MotorStop() implements Action {
    }

    /** Ask the controller for its state now (after a reset). */
    public record RequestStatus() implements Action {
    }

    /** Start the motion deadline, replacing any that runs; its expiry comes back as {@link TimedOut}. */
    public record StartDeadline(Duration after) implements Action {
    }

    public record CancelDeadline() implements Action {
    }

    /** Tell people: an alarm event to central, a WARN or ERROR line. */
    public record Alarm(String text) implements Action {
    }

    // ---- results

    public sealed interface Transition {
    }

    /** Legal: the next state (maybe the same) and what to do. */
    public record Go(State next, List<Action> actions) implements Transition {
        public Go {
            actions = List.copyOf(actions);
        }
    }

    /** The interlocks forbid it now; nothing changes, nothing moves. */
    public record Refused(List<Refusal> refusals) implements Transition {
        public Refused {
            refusals = List.copyOf(refusals);
            if (refusals.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }
    }

    /** The event makes no sense in this state; nothing changes, nothing moves. */
    public record Rejected(String reason) implements Transition {
    }

    /**
     * What a step needs besides state and event.
     *
     * @param timings the motion deadlines
     * @param interlocks the refusals that apply to a roof actuation now (empty: permitted)
     */
    public record Context(OperationsSettings.Roof timings, Function<Actuation, List<Refusal>> interlocks) {
    }

    private record Step(State state, Event event) {
    }

    private static final MotorOpen MOTOR_OPEN = new MotorOpen();
    private static final MotorClose MOTOR_CLOSE = new MotorClose();
    private static final MotorStop MOTOR_STOP = new MotorStop();
    private static final CancelDeadline CANCEL = new CancelDeadline();

    private RoofMachine() {
    }

    /** The whole table. */
    public static Transition step(State s, Event e, Context ctx) {
        Duration open = ctx.timings().openDeadline();
        Duration close = ctx.timings().closeDeadline();
        return switch (new Step(s, e)) {
            // stopping: never refused, always reaches the motor
            case Step(Opening o, StopRequested r) -> go(new Stopped(o.positionPercent(), "stop requested"), MOTOR_STOP, CANCEL);
            case Step(Closing c, StopRequested r) -> go(new Stopped(c.positionPercent(), "stop requested"), MOTOR_STOP, CANCEL);
            case Step(State x, StopRequested r) -> go(x, MOTOR_STOP);
            case Step(Opening o, EStopped st) -> go(new Stopped(o.positionPercent(), "E-stop (" + st.source() + ")"), MOTOR_STOP,
                    CANCEL);
            case Step(Closing c, EStopped st) -> go(new Stopped(c.positionPercent(), "E-stop (" + st.source() + ")"), MOTOR_STOP,
                    CANCEL);
            case Step(State x, EStopped st) -> go(x, MOTOR_STOP);   // nothing should move; make sure
            case Step(Closing c, CorridorEntered d) -> go(new Stopped(c.positionPercent(), d.drone() + " entered the corridor"),
                    MOTOR_STOP, CANCEL, new Alarm("roof stopped closing at " + c.positionPercent() + " %: " + d.drone()
                            + " entered the launch/landing corridor"));
            case Step(State x, CorridorEntered d) -> go(x);
            case Step(Opening o, ControllerRefused r) -> go(new Stopped(o.positionPercent(), "the controller refused to open: "
                    + r.reason()), MOTOR_STOP, CANCEL, new Alarm("the nest controller refused to open the roof: " + r.reason()));
            case Step(Closing c, ControllerRefused r) -> go(new Stopped(c.positionPercent(), "the controller refused to close: "
                    + r.reason()), MOTOR_STOP, CANCEL, new Alarm("the nest controller refused to close the roof: " + r.reason()));
            case Step(State x, ControllerRefused r) -> go(x, new Alarm("the nest controller refused a roof command while the roof is "
                    + describe(x) + ": " + r.reason()));

            // requests
            case Step(Unknown u, OpenRequested r) -> reject("the roof's state is unknown until the controller reports it");
            case Step(Unknown u, CloseRequested r) -> reject("the roof's state is unknown until the controller reports it");
            case Step(Faulted f, OpenRequested r) -> reject("the roof is faulted (" + f.why() + "); reset it first");
            case Step(Faulted f, CloseRequested r) -> reject("the roof is faulted (" + f.why() + "); reset it first");
            case Step(Closed c, OpenRequested r) -> guarded(ctx, Actuation.ROOF_OPEN,
                    go(new Opening(0), MOTOR_OPEN, new StartDeadline(open)));
            case Step(Stopped st, OpenRequested r) -> guarded(ctx, Actuation.ROOF_OPEN,
                    go(new Opening(st.positionPercent()), MOTOR_OPEN, new StartDeadline(open)));
            case Step(Closing c, OpenRequested r) -> guarded(ctx, Actuation.ROOF_OPEN,
                    go(new Opening(c.positionPercent()), MOTOR_OPEN, new StartDeadline(open)));   // the controller reverses
            case Step(Opening o, OpenRequested r) -> go(o);
            case Step(Open o, OpenRequested r) -> go(o);
            case Step(Open o, CloseRequested r) -> guarded(ctx, Actuation.ROOF_CLOSE,
                    go(new Closing(100), MOTOR_CLOSE, new StartDeadline(close)));
            case Step(Stopped st, CloseRequested r) -> guarded(ctx, Actuation.ROOF_CLOSE,
                    go(new Closing(st.positionPercent()), MOTOR_CLOSE, new StartDeadline(close)));
            case Step(Opening o, CloseRequested r) -> guarded(ctx, Actuation.ROOF_CLOSE,
                    go(new Closing(o.positionPercent()), MOTOR_CLOSE, new StartDeadline(close)));   // the controller reverses
            case Step(Closing c, CloseRequested r) -> go(c);
            case Step(Closed c, CloseRequested r) -> go(c);
            case Step(Faulted f, ResetRequested r) -> go(new Unknown(), new RequestStatus());
            case Step(State x, ResetRequested r) -> reject("nothing to reset: the roof is " + describe(x));

            // deadlines
            case Step(Opening o, TimedOut t) -> fault("no OPEN limit within " + open.toSeconds() + " s (at "
                    + o.positionPercent() + " %)");
            case Step(Closing c, TimedOut t) -> fault("no CLOSED limit within " + close.toSeconds() + " s (at "
                    + c.positionPercent() + " %)");
            case Step(State x, TimedOut t) -> reject("no motion deadline runs while the roof is " + describe(x));

            // the controller's reports
            case Step(Faulted f, Reported r) -> r.phase() == Phase.OPENING || r.phase() == Phase.CLOSING
                    ? go(f, MOTOR_STOP)   // a faulted roof must not move: stop it again
                    : go(f);
            case Step(State x, Reported r) when r.phase() == Phase.FAULT -> fault("controller fault 0x"
                    + String.format("%04x", r.faultCode()) + " at " + r.positionPercent() + " %");
            case Step(Unknown u, Reported r) -> switch (r.phase()) {
                case CLOSED -> go(new Closed());
                case OPEN -> go(new Open());
                case STOPPED -> go(new Stopped(r.positionPercent(), "found stopped"));
                case OPENING, CLOSING -> go(new Stopped(r.positionPercent(), "found " + lower(r.phase())
                        + " with no command of ours; stopped"), MOTOR_STOP, new Alarm("roof found " + lower(r.phase())
                        + " at " + r.positionPercent() + " % with no command of ours (a restart?); stopped"));
                case FAULT -> throw new AssertionError("handled above");
            };
            case Step(Closed c, Reported r) -> r.phase() == Phase.CLOSED ? go(c) : unexpected(c, r);
            case Step(Open o, Reported r) -> r.phase() == Phase.OPEN ? go(o) : unexpected(o, r);
            case Step(Opening o, Reported r) -> switch (r.phase()) {
                case OPENING -> go(new Opening(r.positionPercent()));
                case OPEN -> go(new Open(), CANCEL);
                case CLOSED, CLOSING -> go(o);   // the report lags the command; the deadline watches
                case STOPPED -> go(o);          // lags a resume or reversal; a stall reports FAULT, the deadline watches
                case FAULT -> throw new AssertionError("handled above");
            };
            case Step(Closing c, Reported r) -> switch (r.phase()) {
                case CLOSING -> go(new Closing(r.positionPercent()));
                case CLOSED -> go(new Closed(), CANCEL);
                case OPEN, OPENING -> go(c);     // the report lags the command; the deadline watches
                case STOPPED -> go(c);          // lags a resume or reversal; a stall reports FAULT, the deadline watches
                case FAULT -> throw new AssertionError("handled above");
            };
            case Step(Stopped st, Reported r) -> switch (r.phase()) {
                case STOPPED -> go(new Stopped(r.positionPercent(), st.why()));
                case CLOSED -> go(new Closed());
                case OPEN -> go(new Open());
                case OPENING, CLOSING -> go(new Stopped(r.positionPercent(), st.why()), MOTOR_STOP);   // stop again
                case FAULT -> throw new AssertionError("handled above");
            };
        };
    }

    /** For refusals and logs: "closed", "opening (40 %)", "stopped at 35 % (stop requested)". */
    public static String describe(State s) {
        return switch (s) {
            case Unknown u -> "unknown";
            case Closed c -> "closed";
            case Open o -> "open";
            case Opening o -> "opening (" + o.positionPercent() + " %)";
            case Closing c -> "closing (" + c.positionPercent() + " %)";
            case Stopped st -> "stopped at " + st.positionPercent() + " % (" + st.why() + ")";
            case Faulted f -> "faulted (" + f.why() + ")";
        };
    }

    private static Transition guarded(Context ctx, Actuation a, Transition ifPermitted) {
        List<Refusal> refusals = ctx.interlocks().apply(a);
        return refusals.isEmpty() ? ifPermitted : new Refused(refusals);
    }

    private static Transition unexpected(State resting, Reported r) {
        return fault("the roof reports " + lower(r.phase()) + " at " + r.positionPercent() + " % while it should be "
                + describe(resting));
    }

    private static Transition fault(String why) {
        return go(new Faulted(why), MOTOR_STOP, CANCEL, new Alarm("roof faulted: " + why));
    }

    private static Go go(State next, Action... actions) {
        return new Go(next, List.of(actions));
    }

    private static Rejected reject(String reason) {
        return new Rejected(reason);
    }

    private static String lower(Phase p) {
        return p.name().toLowerCase(java.util.Locale.ROOT);
    }
}

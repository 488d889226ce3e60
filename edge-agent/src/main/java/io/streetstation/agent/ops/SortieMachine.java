package io.streetstation.agent.ops;

import java.util.Objects;

/**
 * One drone's sortie as one transition table: state × event → next state, or a rejection with the
 * reason (a recall of a drone in its bay, a landing of a drone nobody recalled, a second launch).
 * Pure; the {@link Fleet} feeds it what its jobs and the drone's telemetry say and acts on the
 * state it lands in.
 *
 * <pre>
 *  Docked ──LaunchRequested──▶ Launching ──Launched──▶ Hovering ──PatrolStarted──▶ Patrolling(on station: no)
 *    ▲                           │ LaunchFailed                │ DispatchStarted      │ OnStation
 *    │                           ▼ (on the ground: Docked;     ▼                      ▼
 *    │                             airborne: Recalled)     Responding ──OnScene──▶ Responding(on scene)
 *    │                                                        (Hovering, Patrolling, Responding)
 *    │                                                          │ RecallRequested
 *    │ Landed                                                   ▼
 *  Landing ◀──────────────LandStarted───────────────────── Recalled (waits for the nest's corridor)
 *    │ LandDeferred (the nest would not let it in: E-stop, controller offline, roof faulted) ──▶ Recalled
 *    │ LandFailed ──▶ Faulted (latched; the autopilot's own landing continues) ──ResetRequested──▶ Docked
 *
 *  any airborne state ──LinkLost──▶ Lost (the autopilot fails safe: RTL)
 *  Lost ──LinkRestored──▶ Recalled (it comes home: nobody knows what it missed)
 *  any airborne state but Landing ──SeenDocked──▶ Docked (down and disarmed on its own bay: its autopilot
 *                                                  brought it home — a failsafe — or a landing faulted)
 * </pre>
 */
public final class SortieMachine {

    private SortieMachine() {
    }

    // ---- states

    public sealed interface State {
        /** Off the ground (or may be: a lost drone is treated as airborne until seen in its bay). */
        default boolean airborne() {
            return false;
        }
    }

    /** In its bay: charging, or ready. */
    public record Docked() implements State {
    }

    /** Its launch job runs. */
    public record Launching(String job) implements State {
        public Launching {
            Objects.requireNonNull(job, "job");
        }
    }

    /** Airborne over the nest with nothing to do. */
    public record Hovering() implements State {
        @Override
        public boolean airborne() {
            return true;
        }
    }

    /** Flying route {@code route}; on station once it reached the waypoint it joined at. */
    public record Patrolling(String route, boolean onStation) implements State {
        public Patrolling {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public boolean airborne() {
            return true;
        }
    }

    /** Sent to incident {@code incident}; on scene once it arrived. */
    public record Responding(String incident, boolean onScene) implements State {
        public Responding {
            Objects.requireNonNull(incident, "incident");
        }

        @Override
        public boolean airborne() {
            return true;
        }
    }

    /** Told to come home; waits for the nest (one drone in the corridor at a time), still flying. */
    public record Recalled(String reason) implements State {
        @Override
        public boolean airborne() {
            return true;
        }
    }

    /** Its landing job runs. */
    public record Landing(String job) implements State {
        @Override
        public boolean airborne() {
            return true;
        }
    }

    /** Its link dropped while airborne; its autopilot is expected to return on its own. */
    public record Lost(String reason) implements State {
        @Override
        public boolean airborne() {
            return true;
        }
    }

    /** A landing failed: latched until a technician resets it (or it is seen in its bay). */
    public record Faulted(String reason) implements State {
        @Override
        public boolean airborne() {
            return true;
        }
    }

    // ---- events

    public sealed interface Event {
    }

    public record LaunchRequested(String job) implements Event {
    }

    public record Launched() implements Event {
    }

    /** @param airborne whether the drone left the ground before the launch failed */
    public record LaunchFailed(String reason, boolean airborne) implements Event {
    }

    public record PatrolStarted(String route) implements Event {
    }

    public record OnStation() implements Event {
    }

    public record DispatchStarted(String incident) implements Event {
    }

    public record OnScene() implements Event {
    }

    public record RecallRequested(String reason) implements Event {
    }

    public record LandStarted(String job) implements Event {
    }

    public record Landed() implements Event {
    }

    public record LandFailed(String reason) implements Event {
    }

    /**
     * The landing job stopped before the drone was told to come down: the nest would not let it in
     * (an E-stop, the controller offline, the roof faulted). The drone is where it was, still to land.
     */
    public record LandDeferred(String reason) implements Event {
    }

    public record LinkLost(String reason) implements Event {
    }

    public record LinkRestored() implements Event {
    }

    /** Telemetry and the bay agree: down, disarmed, on its own bay. */
    public record SeenDocked() implements Event {
    }

    public record ResetRequested() implements Event {
    }

    // ---- transitions

    public sealed interface Transition {
    }

    public record Moved(State next) implements Transition {
    }

    public record Rejected(String reason) implements Transition {
    }

    private record Pair(State state, Event event) {
    }

    /** The whole table. */
    public static Transition on(State state, Event event) {
        return switch (new Pair(state, event)) {
            case Pair(Docked d, LaunchRequested r) -> go(new Launching(r.job()));

            case Pair(Launching l, Launched e) -> go(new Hovering());
            case Pair(Launching l, LaunchFailed f) when f.airborne() -> go(new Recalled("launch failed: " + f.reason()));
            case Pair(Launching l, LaunchFailed f) -> go(new Docked());

            case Pair(Hovering h, PatrolStarted p) -> go(new Patrolling(p.route(), false));
            case Pair(Patrolling p, PatrolStarted n) -> go(new Patrolling(n.route(), false));
            case Pair(Responding r, PatrolStarted p) -> go(new Patrolling(p.route(), false));
            case Pair(Patrolling p, OnStation e) when !p.onStation() -> go(new Patrolling(p.route(), true));

            case Pair(Hovering h, DispatchStarted d) -> go(new Responding(d.incident(), false));
            case Pair(Patrolling p, DispatchStarted d) -> go(new Responding(d.incident(), false));
            case Pair(Responding r, DispatchStarted d) -> go(new Responding(d.incident(), false));
            case Pair(Responding r, OnScene e) when !r.onScene() -> go(new Responding(r.incident(), true));

            case Pair(Hovering h, RecallRequested r) -> go(new Recalled(r.reason()));
            case Pair(Patrolling p, RecallRequested r) -> go(new Recalled(r.reason()));
            case Pair(Responding p, RecallRequested r) -> go(new Recalled(r.reason()));

            case Pair(Recalled r, LandStarted l) -> go(new Landing(l.job()));
            case Pair(Landing l, Landed e) -> go(new Docked());
            case Pair(Landing l, LandFailed f) -> go(new Faulted("landing failed: " + f.reason()));
            case Pair(Landing l, LandDeferred f) -> go(new Recalled("waiting for the nest: " + f.reason()));

            case Pair(Hovering h, LinkLost e) -> go(new Lost(e.reason()));
            case Pair(Patrolling p, LinkLost e) -> go(new Lost(e.reason()));
            case Pair(Responding p, LinkLost e) -> go(new Lost(e.reason()));
            case Pair(Recalled p, LinkLost e) -> go(new Lost(e.reason()));
            case Pair(Lost l, LinkRestored e) -> go(new Recalled("link was lost: " + l.reason()));
            case Pair(Hovering h, SeenDocked e) -> go(new Docked());
            case Pair(Patrolling p, SeenDocked e) -> go(new Docked());
            case Pair(Responding r, SeenDocked e) -> go(new Docked());
            case Pair(Recalled r, SeenDocked e) -> go(new Docked());
            case Pair(Lost l, SeenDocked e) -> go(new Docked());
            case Pair(Faulted f, SeenDocked e) -> go(new Docked());
            case Pair(Faulted f, ResetRequested e) -> go(new Docked());

            default -> new Rejected(why(state, event));
        };
    }

    private static Transition go(State next) {
        return new Moved(next);
    }

    private static String why(State state, Event event) {
        String s = name(state);
        return switch (event) {
            case LaunchRequested r -> "cannot launch: " + s;
            case RecallRequested r -> state instanceof Recalled || state instanceof Landing ? "already coming home: " + s
                    : "nothing to recall: " + s;
            case PatrolStarted p -> "cannot patrol: " + s;
            case DispatchStarted d -> "cannot respond: " + s;
            case ResetRequested r -> "nothing to reset: " + s;
            default -> name(event) + " does not apply: " + s;
        };
    }

    /** "patrolling route-a (on station)", "docked", "landing" — for replies and logs. */
    public static String name(State state) {
        return switch (state) {
            case Docked d -> "docked";
            case Launching l -> "launching";
            case Hovering h -> "hovering";
            case Patrolling p -> "patrolling " + p.route() + (p.onStation() ? " (on station)" : " (joining)");
            case Responding r -> "responding to " + r.incident() + (r.onScene() ? " (on scene)" : " (en route)");
            case Recalled r -> "recalled (" + r.reason() + ")";
            case Landing l -> "landing";
            case Lost l -> "link lost (" + l.reason() + ")";
            case Faulted f -> "faulted (" + f.reason() + ")";
        };
    }

    private static String name(Event event) {
        return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}

package io.streetstation.agent.nest;

import static io.streetstation.agent.nest.Actuation.CENTRING_CLAMP;
import static io.streetstation.agent.nest.Actuation.CENTRING_RELEASE;
import static io.streetstation.agent.nest.Actuation.CHARGE_START;
import static io.streetstation.agent.nest.Actuation.DRONE_POWER_ON;
import static io.streetstation.agent.nest.Actuation.LAND;
import static io.streetstation.agent.nest.Actuation.LAUNCH;
import static io.streetstation.agent.nest.Actuation.ROOF_CLOSE;
import static io.streetstation.agent.nest.Actuation.ROOF_OPEN;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What may move when: the station's interlocks as one table, every row a rule with a stable code,
 * the actuations it forbids and the condition under which it forbids them. Every actuation of the
 * nest — by a job, by central's command, by a technician at the CLI — is checked here first, and
 * a refusal is a value with all the reasons that apply, not only the first.
 *
 * <pre>
 * code                    forbids                                   while
 * estop.active            everything                                the E-stop is pressed or latched
 * controller.offline      everything                                the nest controller's link is down
 * roof.faulted            roof open/close, launch, land             the roof machine is Faulted (latched)
 * roof.not-open           launch, land                              the roof is not fully open
 * corridor.occupied       roof close                                a drone is in the launch/landing corridor
 * corridor.taken          launch, land                              another drone is in the corridor
 * bay.sensors-disagree    every bay actuation                       the bay's two presence sensors disagree
 * bay.empty               launch, charge, power on, clamp           no drone in the bay
 * bay.occupied            land                                      the bay already holds a drone
 * bay.centring            launch, land                              the centring bars are not released
 * bay.centring-fault      clamp, release                            the centring bars are faulted
 * bay.not-clamped         charge start                              the drone is not clamped on its contacts
 * bay.charging            launch                                    the bay is charging the drone
 * bay.charger-fault       charge start                              the bay's charger is faulted
 * drone.unpowered         launch                                    the bay does not power the drone
 * battery.unknown         launch                                    the drone's charge is not known
 * battery.floor           launch                                    the drone's charge is below the launch floor
 * weather.*               launch                                    the weather gate holds or recalls
 * </pre>
 *
 * Landing is never held for weather (a drone in the air must come down somewhere); stopping things
 * is not an {@link Actuation} and is never refused.
 */
public final class Interlocks {

    /**
     * A request to actuate.
     *
     * @param action what
     * @param bay 1..4 for bay actuations, launches and landings; 0 for the roof
     * @param drone the drone launching or landing (for the corridor), else empty
     */
    public record Request(Actuation action, int bay, Optional<String> drone) {

        public Request {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(drone, "drone");
            if (action.perBay() ? bay < 1 || bay > 4 : bay != 0) {
                throw new IllegalArgumentException(action.word() + (action.perBay() ? " needs a bay 1..4" : " takes no bay")
                        + ", was " + bay);
            }
        }

        public static Request roof(Actuation a) {
            return new Request(a, 0, Optional.empty());
        }

        public static Request bay(Actuation a, int bay) {
            return new Request(a, bay, Optional.empty());
        }

        public static Request drone(Actuation a, int bay, String drone) {
            return new Request(a, bay, Optional.of(drone));
        }
    }

    /** One row: the actuations it forbids and the reasons it gives (none: it does not apply). */
    record Rule(String code, Set<Actuation> forbids, Check check) {
    }

    @FunctionalInterface
    interface Check {
        /** Empty when the rule does not forbid {@code r} in {@code v}; otherwise the why. */
        Optional<String> why(NestView v, Request r);
    }

    private static final Set<Actuation> ALL = EnumSet.allOf(Actuation.class);
    private static final Set<Actuation> BAY = EnumSet.of(CENTRING_RELEASE, CENTRING_CLAMP, CHARGE_START, DRONE_POWER_ON,
            LAUNCH, LAND);

    /** The table, in the order its refusals are reported. */
    static final List<Rule> TABLE = List.of(
            new Rule("estop.active", ALL, (v, r) -> when(v.estop().active(),
                    "E-stop (" + v.estop().source() + ") is in force: nothing moves until it is reset")),
            new Rule("controller.offline", ALL, (v, r) -> when(!v.controllerOnline(),
                    "the nest controller is offline: the nest's state is unknown")),
            new Rule("roof.faulted", EnumSet.of(ROOF_OPEN, ROOF_CLOSE, LAUNCH, LAND), (v, r) ->
                    v.roof() instanceof RoofMachine.Faulted f ? Optional.of("the roof is faulted (" + f.why()
                            + "); a technician must reset it") : Optional.empty()),
            new Rule("roof.not-open", EnumSet.of(LAUNCH, LAND), (v, r) -> when(!(v.roof() instanceof RoofMachine.Open),
                    "the roof is " + RoofMachine.describe(v.roof()) + "; a drone passes only a fully open roof")),
            new Rule("corridor.occupied", EnumSet.of(ROOF_CLOSE), (v, r) -> v.corridor().map(d ->
                    d + " is in the launch/landing corridor")),
            new Rule("corridor.taken", EnumSet.of(LAUNCH, LAND), (v, r) -> v.corridor()
                    .filter(d -> !r.drone().equals(Optional.of(d)))
                    .map(d -> d + " is in the launch/landing corridor; one drone at a time")),
            new Rule("bay.sensors-disagree", BAY, (v, r) -> {
                BayView b = v.bay(r.bay());
                return when(b.sensorsDisagree(), "bay " + b.bay() + ": presence sensors disagree (A "
                        + (b.presentA() ? "sees a drone" : "sees none") + ", B " + (b.presentB() ? "sees a drone" : "sees none") + ")");
            }),
            new Rule("bay.empty", EnumSet.of(LAUNCH, CHARGE_START, DRONE_POWER_ON, CENTRING_CLAMP), (v, r) ->
                    when(v.bay(r.bay()).empty(), "bay " + r.bay() + " is empty")),
            new Rule("bay.occupied", EnumSet.of(LAND), (v, r) ->
                    when(v.bay(r.bay()).occupied(), "bay " + r.bay() + " already holds a drone")),
            new Rule("bay.centring", EnumSet.of(LAUNCH, LAND), (v, r) -> {
                BayView b = v.bay(r.bay());
                return when(b.centring() != BayView.Centring.RELEASED, "bay " + b.bay() + ": centring bars "
                        + b.centring().name().toLowerCase(java.util.Locale.ROOT)
                        + "; a drone lifts off or lands only with them released");
            }),
            new Rule("bay.centring-fault", EnumSet.of(CENTRING_CLAMP, CENTRING_RELEASE), (v, r) ->
                    when(v.bay(r.bay()).centring() == BayView.Centring.FAULT, "bay " + r.bay()
                            + ": centring bars faulted; a technician must look at them")),
            new Rule("bay.not-clamped", EnumSet.of(CHARGE_START), (v, r) ->
                    when(v.bay(r.bay()).centring() != BayView.Centring.CLAMPED, "bay " + r.bay()
                            + ": the drone must be clamped on its contacts to charge")),
            new Rule("bay.charging", EnumSet.of(LAUNCH), (v, r) ->
                    when(v.bay(r.bay()).charger() == BayView.Charger.CHARGING, "bay " + r.bay()
                            + " is charging its drone; stop the charge first")),
            new Rule("bay.charger-fault", EnumSet.of(CHARGE_START), (v, r) ->
                    when(v.bay(r.bay()).charger() == BayView.Charger.FAULT, "bay " + r.bay() + ": charger faulted")),
            new Rule("drone.unpowered", EnumSet.of(LAUNCH), (v, r) ->
                    when(!v.bay(r.bay()).dronePower(), "bay " + r.bay() + ": the drone is not powered on")),
            new Rule("battery.unknown", EnumSet.of(LAUNCH), (v, r) ->
                    when(v.bay(r.bay()).batteryPercent() == BayView.UNKNOWN, "bay " + r.bay()
                            + ": the drone's charge is not known")),
            new Rule("battery.floor", EnumSet.of(LAUNCH), (v, r) -> {
                int pct = v.bay(r.bay()).batteryPercent();
                return when(pct != BayView.UNKNOWN && pct < v.batteryFloorPercent(), "bay " + r.bay() + ": drone at "
                        + pct + " %, launch floor " + v.batteryFloorPercent() + " %");
            }));

    private Interlocks() {
    }

    /** Every refusal that applies to {@code r} in {@code v}; empty: permitted. */
    public static List<Refusal> check(Request r, NestView v) {
        List<Refusal> out = new ArrayList<>();
        for (Rule rule : TABLE) {
            if (rule.forbids().contains(r.action())) {
                rule.check().why(v, r).ifPresent(why -> out.add(new Refusal(rule.code(), r.action(), r.bay(), why)));
            }
        }
        if (r.action() == LAUNCH) {
            for (Reason w : v.weather().reasons()) {
                out.add(new Refusal(w.code(), LAUNCH, r.bay(), w.text()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * What is unsafe in {@code v} as it stands — motion that an interlock forbids but that is
     * happening anyway (the hardware moved on its own, or a rule was bypassed): the roof moving
     * under an E-stop, the roof closing on a drone in the corridor. Empty when all is well; the
     * nest raises an alarm for anything here.
     */
    public static List<String> breaches(NestView v) {
        List<String> out = new ArrayList<>();
        boolean moving = v.roof() instanceof RoofMachine.Opening || v.roof() instanceof RoofMachine.Closing;
        if (moving && v.estop().active()) {
            out.add("the roof is " + RoofMachine.describe(v.roof()) + " under an E-stop (" + v.estop().source() + ")");
        }
        if (v.roof() instanceof RoofMachine.Closing && v.corridor().isPresent()) {
            out.add("the roof is closing with " + v.corridor().get() + " in the corridor");
        }
        return out;
    }

    private static Optional<String> when(boolean condition, String why) {
        return condition ? Optional.of(why) : Optional.empty();
    }
}

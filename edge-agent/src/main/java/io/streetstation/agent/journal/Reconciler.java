package io.streetstation.agent.journal;

import io.streetstation.agent.journal.RecoveryDecision.Action;
import io.streetstation.agent.journal.RecoveryDecision.Alarm;
import io.streetstation.agent.journal.RecoveryDecision.Clamp;
import io.streetstation.agent.journal.RecoveryDecision.CloseRoof;
import io.streetstation.agent.journal.RecoveryDecision.KeepOnPatrol;
import io.streetstation.agent.journal.RecoveryDecision.MarkJobAbandoned;
import io.streetstation.agent.journal.RecoveryDecision.OpenRoof;
import io.streetstation.agent.journal.RecoveryDecision.PowerOff;
import io.streetstation.agent.journal.RecoveryDecision.ReturnToLaunch;
import io.streetstation.agent.journal.RecoveryDecision.StartCharging;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.NestView;
import io.streetstation.agent.nest.RoofMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * After a restart: what the journal says was under way, set against what the hardware reports
 * now, gives the findings and the actions that bring the nest to a safe, known state. Pure: no
 * I/O, no clock. Every action comes from the <em>observed</em> state — a roof that is open is not
 * opened, a drone that is powered off is not powered off — so an actuation that took effect
 * before the stop is never repeated, whatever the journal says; the journal adds the findings
 * (what was cut short, what contradicts the hardware), the patrol policy and the jobs to close.
 *
 * <p>The table, in the order it is applied. "Bay" is the drone's home bay; "link down" means the
 * drone's airborne/armed/mode/battery are stale and ignored (a docked drone whose bay does not
 * power it has no link — that is normal).
 *
 * <pre>
 * global
 * G1  E-stop active                      only alarms (the E-stop's and the rows' below); every other
 *                                        action is listed as a finding, not done; no job is closed
 *                                        (a reconcile after the reset does that)
 * G2  nest controller offline            alarm; no roof or bay action, and the bays' sensors are not
 *                                        read (their state is not known): only D1 and D3 apply
 * G3  roof Unknown, Faulted, Opening or  alarm; no roof action
 *     Closing (moving: not ours)
 *
 * per drone          link  in air  armed  bay sensors   actions                                roof
 * D1  flying         up    yes     –      empty         patrol job, policy keeps patrols,      stays open
 *                                                       battery known ≥ floor: KeepOnPatrol
 *                                                       else roof usable: ReturnToLaunch       must be open
 *                                                       else (G2, G3): alarm, nothing sent     –
 * D2  contradiction  up    yes     –      not empty     alarm; nothing sent (it would land on  stays open
 *                                                       what the bay holds)
 * D3  armed, ground  up    no      yes    any           alarm; no bay action (it may lift)     stays open
 * D4  docked         any   no      no     both see it   PowerOff if powered for a job the      may close
 *                                                       journal shows cut short (powered with
 *                                                       no such job: someone else's — a
 *                                                       technician's check — left on); Clamp unless
 *                                                       clamped (bars faulted: alarm); then
 *                                                       StartCharging if the charger is idle
 *                                                       and the battery not above 95 % (the
 *                                                       charger refuses it); faulted, or refused
 *                                                       below that: alarm
 * D5  away, landed   up    no      no     both empty    alarm (down away from its bay)         may close
 * D6  missing        down  –       –      both empty    alarm; the roof is left as it is       stays open
 * D7  askew          up    no      no     disagree      alarm; no bay action                   may close
 * D8  unknown        down  –       –      disagree      alarm; no bay action                   stays open
 *
 * roof (G2, G3 not applying)
 * R1  a drone is sent home (D1), the roof Closed or Stopped      OpenRoof, before the drone is told
 * R2  every drone "may close", the roof Open or Stopped          CloseRoof, last
 * R3  otherwise                                                  nothing: the roof stays as it is
 *
 * journal (findings; then every unfinished job is closed with MarkJobAbandoned, except under G1)
 * J1  a step under way whose effect is observed                  "took effect: not repeated"
 *     (open roof → Open, close roof → Closed, release centring bay N → released, clamp bay N →
 *     clamped, land on bay N → occupied, take off → airborne)
 * J2  a step under way whose effect is not observed              "did not take effect"
 * J3  a land job whose landing succeeded, or whose clamp          alarm: contradiction (taken
 *     started, while its bay is empty                              out? a sensor fault?)
 * J4  a launch job whose take-off succeeded, the drone docked    finding: it came back or never left
 * J5  a job naming a drone that is not observed                  alarm
 * </pre>
 */
public final class Reconciler {

    /**
     * What the caller decides about airborne drones.
     *
     * @param keepPatrolsFlying a drone flying a patrol job stays on patrol (its battery permitting)
     *     instead of being called home
     * @param patrolKinds job kinds that are patrols ("patrol")
     * @param returnBelowPercent a patrolling drone below this charge (or of unknown charge) is called home, 0..100
     */
    public record Policy(boolean keepPatrolsFlying, Set<String> patrolKinds, int returnBelowPercent) {
        public Policy {
            patrolKinds = Set.copyOf(patrolKinds);
            if (returnBelowPercent < 0 || returnBelowPercent > 100) {
                throw new IllegalArgumentException("return floor must be 0..100 %, was " + returnBelowPercent);
            }
        }

        /** Every airborne drone is called home. */
        public static Policy callEveryoneHome() {
            return new Policy(false, Set.of("patrol"), 100);
        }

        /** Patrols go on while their drone has at least {@code percent} %. */
        public static Policy keepPatrols(int percent) {
            return new Policy(true, Set.of("patrol"), percent);
        }
    }

    /** Above this the charger refuses to start (STATION.md: 95 %): a drone this full is left as it is. */
    static final int TOPPED_UP_PERCENT = 95;

    private static final Pattern BAY_STEP = Pattern.compile("(release centring bay|clamp bay|land on bay) ([1-4])");

    private Reconciler() {
    }

    /**
     * @param journal the journal's unfinished jobs (empty after a fresh or corrupt journal)
     * @param nest the nest as its controller reports it now (after its first reports)
     * @param drones every drone of the station as it reports itself now
     */
    public static RecoveryDecision decide(List<OpenJob> journal, NestView nest, List<DroneObservation> drones, Policy policy) {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(nest, "nest");
        Objects.requireNonNull(drones, "drones");
        Objects.requireNonNull(policy, "policy");
        Work w = new Work();
        RoofMachine.State roof = nest.roof();
        boolean nestKnown = nest.controllerOnline();
        boolean roofUsable = nestKnown && (roof instanceof RoofMachine.Open || roof instanceof RoofMachine.Closed
                || roof instanceof RoofMachine.Stopped);
        if (!nestKnown) {
            w.alarm("the nest controller is offline: roof and bays unknown, no nest action in this recovery");            // G2
        } else if (!roofUsable) {
            w.alarm("the roof is " + RoofMachine.describe(roof) + ": its position is not known to be safe, no roof action"); // G3
        }

        boolean mayClose = true;
        boolean needOpen = false;
        for (DroneObservation d : drones) {
            String name = d.name();
            BayView b = nest.bay(d.bay());
            Optional<OpenJob> job = latestJobOf(journal, name);
            if (d.linkUp() && d.airborne()) {
                mayClose = false;
                if (nestKnown && !b.empty()) {                                                                         // D2
                    w.alarm(name + " reports itself airborne while bay " + d.bay() + "'s sensors see a drone ("
                            + sensors(b) + "): not called home, it would land on it; a technician must check bay " + d.bay());
                    continue;
                }
                boolean patrol = job.filter(j -> policy.patrolKinds().contains(j.kind())).isPresent();
                boolean charged = d.batteryPercent() != DroneObservation.UNKNOWN && d.batteryPercent() >= policy.returnBelowPercent();
                if (patrol && policy.keepPatrolsFlying() && charged) {                                                 // D1
                    w.drones.add(new KeepOnPatrol(name));
                    w.findings.add(name + " is airborne on patrol " + job.get().jobId() + " (" + d.batteryPercent()
                            + " %, mode " + mode(d) + "): kept on patrol by policy");
                } else if (roofUsable) {
                    w.drones.add(new ReturnToLaunch(name));
                    needOpen |= !(roof instanceof RoofMachine.Open);
                    w.findings.add(name + " is airborne (mode " + mode(d) + ", battery " + battery(d) + ")"
                            + (patrol && policy.keepPatrolsFlying() ? " on patrol below the return floor of "
                            + policy.returnBelowPercent() + " % or of unknown charge" : "") + ": called home");
                } else {
                    w.alarm(name + " is airborne (mode " + mode(d) + ", battery " + battery(d) + ") and the roof cannot be "
                            + "used: not called home; its autopilot's failsafes apply");
                }
            } else if (d.linkUp() && d.armed()) {                                                                      // D3
                mayClose = false;
                w.alarm(name + " is armed on the ground (bay " + d.bay() + ": " + sensors(b) + "): nothing moves near it "
                        + "until it disarms; recover again then");
            } else if (!nestKnown) {
                w.findings.add(name + ": " + (d.linkUp() ? "on the ground, disarmed" : "no link") + "; its bay is not known");
            } else if (b.occupied()) {                                                                                 // D4
                w.findings.add(name + " is in bay " + d.bay() + " (" + (d.linkUp() ? "link up, disarmed" : "no link")
                        + ", " + describe(b) + ")");
                docked(w, name, b, job.isPresent());
            } else if (b.empty()) {
                if (d.linkUp()) {                                                                                      // D5
                    w.alarm(name + " is on the ground, disarmed, away from its bay " + d.bay() + " (bay empty): it must be "
                            + "fetched or flown home");
                } else {                                                                                               // D6
                    mayClose = false;
                    w.alarm(name + " is missing: no link and bay " + d.bay() + " is empty" + job.map(j -> " (journal: "
                            + j.kind() + " " + j.jobId() + " under way)").orElse(" (the journal knows of no flight)")
                            + "; the roof is not closed on it");
                }
            } else {
                if (d.linkUp()) {                                                                                      // D7
                    w.alarm(name + " is on the ground, disarmed, but bay " + d.bay() + "'s presence sensors disagree ("
                            + sensors(b) + "): askew or a sensor fault; no bay action");
                } else {                                                                                               // D8
                    mayClose = false;
                    w.alarm(name + ": no link and bay " + d.bay() + "'s presence sensors disagree (" + sensors(b)
                            + "): whereabouts unknown; no bay action, the roof is not closed on it");
                }
            }
        }

        if (roofUsable) {
            if (needOpen) {                                                                                            // R1
                w.roof.add(new OpenRoof());
                w.findings.add("the roof is " + RoofMachine.describe(roof) + ": opened for the drones called home");
            } else if (mayClose && !(roof instanceof RoofMachine.Closed)) {                                            // R2
                w.roof.add(new CloseRoof());
                w.findings.add("the roof is " + RoofMachine.describe(roof) + " and every drone is down: it closes");
            } else if (!(roof instanceof RoofMachine.Closed)) {                                                        // R3
                w.findings.add("the roof stays " + RoofMachine.describe(roof) + ": a drone is out, armed or unaccounted for");
            }
        }

        for (OpenJob j : journal) {
            journalFindings(w, j, nest, drones);
        }

        if (nest.estop().active()) {                                                                                   // G1
            List<Action> notDone = new ArrayList<>();
            notDone.addAll(w.drones);
            notDone.addAll(w.bays);
            notDone.addAll(w.roof);
            if (!notDone.isEmpty()) {
                w.findings.add("not done under the E-stop: " + notDone.stream().map(Reconciler::describe)
                        .collect(Collectors.joining(", ")));
            }
            w.alarms.addFirst(new Alarm("E-stop (" + nest.estop().source() + ") in force: recovery only reports; "
                    + journal.size() + " unfinished job(s) stay open until a recovery after the reset"));
            return new RecoveryDecision(w.findings, w.alarms);
        }
        List<Action> actions = new ArrayList<>(w.alarms);
        actions.addAll(w.drones);
        actions.addAll(w.bays);
        actions.addAll(w.roof);
        for (OpenJob j : journal) {
            actions.add(new MarkJobAbandoned(j.jobId(), abandonReason(j)));
        }
        return new RecoveryDecision(w.findings, actions);
    }

    /**
     * D4: what a docked drone still needs, in order, leaving out what the bay already reports.
     *
     * @param cutShort the journal has a job of this drone that did not finish
     */
    private static void docked(Work w, String name, BayView b, boolean cutShort) {
        int n = b.bay();
        if (b.dronePower() && cutShort) {
            w.bays.add(new PowerOff(n));
        }
        if (b.centring() == BayView.Centring.FAULT) {
            w.alarm("bay " + n + ": centring bars faulted with " + name + " in it: not clamped, not charged");
            return;
        }
        if (b.centring() != BayView.Centring.CLAMPED) {
            w.bays.add(new Clamp(n));
        }
        boolean toppedUp = b.batteryPercent() != BayView.UNKNOWN && b.batteryPercent() > TOPPED_UP_PERCENT;
        switch (b.charger()) {
            case IDLE -> {
                if (!toppedUp) {
                    w.bays.add(new StartCharging(n));
                }
            }
            case REFUSED -> {
                if (!toppedUp) {
                    w.alarm("bay " + n + ": charger refused: " + name + " is not charged");
                }
            }
            case FAULT -> w.alarm("bay " + n + ": charger fault: " + name + " is not charged");
            case CHARGING, FULL -> { }
        }
    }

    private static void journalFindings(Work w, OpenJob j, NestView nest, List<DroneObservation> drones) {
        String label = j.kind() + " " + j.jobId() + (j.params().isEmpty() ? "" : " " + j.params());
        Optional<DroneObservation> drone = j.drone().flatMap(name -> drones.stream().filter(d -> d.name().equals(name)).findFirst());
        if (j.drone().isPresent() && drone.isEmpty()) {                                                                // J5
            w.alarm(label + ": the journal names " + j.drone().get() + ", which is not among the station's drones");
        }
        if (j.underWay().isEmpty()) {
            w.findings.add(label + ": cut short between steps" + (j.steps().isEmpty() ? " (none had started)"
                    : " (last record: " + last(j) + ")"));
        }
        for (String step : j.underWay()) {
            Optional<Boolean> effect = effect(step, nest, drone);
            w.findings.add(label + ": '" + step + "' was under way when the agent stopped" + effect.map(done -> done
                    ? "; it took effect: not repeated" : "; it did not take effect").orElse("; the hardware's state decides"));  // J1, J2
        }
        Optional<Integer> bay = j.bay().or(() -> drone.map(DroneObservation::bay));
        if (j.kind().equals("land") && bay.isPresent() && nest.controllerOnline() && nest.bay(bay.get()).empty()
                && (j.succeeded("land on bay " + bay.get()) || j.started("clamp bay " + bay.get()))) {                 // J3
            w.alarm(label + ": the journal has " + j.drone().orElse("the drone") + " landed in bay " + bay.get()
                    + " but the bay is empty: taken out, or a sensor fault");
        }
        if (j.kind().equals("launch") && j.succeeded("take off") && drone.isPresent() && !drone.get().airborne()
                && bay.isPresent() && nest.bay(bay.get()).occupied()) {                                                // J4
            w.findings.add(label + ": its take-off succeeded, yet " + drone.get().name() + " is in bay " + bay.get()
                    + ": it came back (its failsafe?) or never left");
        }
    }

    /** The observed effect of a step by its name, if this reconciler knows the name. */
    private static Optional<Boolean> effect(String step, NestView nest, Optional<DroneObservation> drone) {
        if (step.equals("open roof")) {
            return nest.controllerOnline() ? Optional.of(nest.roof() instanceof RoofMachine.Open) : Optional.empty();
        }
        if (step.equals("close roof")) {
            return nest.controllerOnline() ? Optional.of(nest.roof() instanceof RoofMachine.Closed) : Optional.empty();
        }
        if (step.equals("take off")) {
            return drone.filter(DroneObservation::linkUp).map(DroneObservation::airborne);
        }
        Matcher m = BAY_STEP.matcher(step);
        if (m.matches() && nest.controllerOnline()) {
            BayView b = nest.bay(Integer.parseInt(m.group(2)));
            return Optional.of(switch (m.group(1)) {
                case "release centring bay" -> b.centring() == BayView.Centring.RELEASED;
                case "clamp bay" -> b.centring() == BayView.Centring.CLAMPED;
                default -> b.occupied();
            });
        }
        return Optional.empty();
    }

    private static String abandonReason(OpenJob j) {
        return "abandoned: the agent stopped while it ran" + (j.underWay().isEmpty() ? "" : " (under way: "
                + String.join(", ", j.underWay()) + ")") + "; the station was recovered from the hardware's state";
    }

    private static Optional<OpenJob> latestJobOf(List<OpenJob> journal, String drone) {
        return journal.stream().filter(j -> j.drone().equals(Optional.of(drone))).reduce((a, b) -> b);
    }

    private static String last(OpenJob j) {
        OpenJob.StepRecord r = j.steps().getLast();
        return "'" + r.step() + "' " + r.phase().name().toLowerCase(Locale.ROOT);
    }

    private static String mode(DroneObservation d) {
        return d.mode().isEmpty() ? "unknown" : d.mode();
    }

    private static String battery(DroneObservation d) {
        return d.batteryPercent() == DroneObservation.UNKNOWN ? "unknown" : d.batteryPercent() + " %";
    }

    private static String sensors(BayView b) {
        return "A " + (b.presentA() ? "sees a drone" : "sees none") + ", B " + (b.presentB() ? "sees a drone" : "sees none");
    }

    private static String describe(BayView b) {
        return "bars " + b.centring().name().toLowerCase(Locale.ROOT) + ", charger " + b.charger().name().toLowerCase(Locale.ROOT)
                + ", power " + (b.dronePower() ? "on" : "off");
    }

    static String describe(Action a) {
        return switch (a) {
            case OpenRoof o -> "open roof";
            case CloseRoof c -> "close roof";
            case ReturnToLaunch r -> "return " + r.drone() + " to launch";
            case KeepOnPatrol k -> "keep " + k.drone() + " on patrol";
            case PowerOff p -> "power off bay " + p.bay();
            case Clamp c -> "clamp bay " + c.bay();
            case StartCharging s -> "charge bay " + s.bay();
            case MarkJobAbandoned m -> "close job " + m.jobId();
            case Alarm al -> "alarm: " + al.text();
        };
    }

    /** The decision being built: alarms, drone, bay and roof actions apart, joined in that order. */
    private static final class Work {
        final List<String> findings = new ArrayList<>();
        final List<Action> alarms = new ArrayList<>();
        final List<Action> drones = new ArrayList<>();
        final List<Action> bays = new ArrayList<>();
        final List<Action> roof = new ArrayList<>();

        void alarm(String text) {
            alarms.add(new Alarm(text));
            findings.add(text);
        }
    }
}

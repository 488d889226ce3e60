package io.streetstation.agent.runtime;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.device.VehicleTelemetry;
import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.journal.DroneObservation;
import io.streetstation.agent.journal.JournalListener;
import io.streetstation.agent.journal.OpenJob;
import io.streetstation.agent.journal.OperationsJournal;
import io.streetstation.agent.journal.Reconciler;
import io.streetstation.agent.journal.RecoveryDecision;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.NestView;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.DronePort;
import io.streetstation.agent.ops.Fleet;
import io.streetstation.agent.ops.RecoverPlan;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * What the agent does once after every start, before any launch: waits until the nest and the
 * drones have said where they are, sets the operations journal's unfinished jobs against that
 * ({@link Reconciler}: every action from the observed state, so nothing that took effect is done
 * again), runs the {@code recover} job, hands drones found airborne to the fleet to be landed, and
 * releases the fleet. Every airborne drone is called home: a relay or patrol cut short by the
 * restart is not resumed on its own (central, or a schedule, starts it again).
 *
 * <p>Ready means: the nest controller online for 5 s with its roof known and at rest (a roof found
 * moving is stopped by the nest: it moves only on its command), and every drone either
 * talking or silent for longer than the link-lost time plus 10 s (a drone powered off in its bay
 * never talks). After two minutes it goes ahead with what it knows (an offline nest: alarms, no
 * nest action — the reconciler's G2).
 */
final class StartupRecovery implements AutoCloseable {

    static final String HELD = "recovering after start: the journal and the hardware are being reconciled";

    private static final TaggedLogger LOG = Logger.tag("recover");
    private static final Duration NEST_SETTLE = Duration.ofSeconds(5);
    private static final Duration GIVE_UP = Duration.ofMinutes(2);

    private final StationRuntime station;
    private final List<Fleet.Member> members;
    private final OperationsJournal journal;
    private final JournalListener journalListener;
    private final Consumer<String> alarms;
    private final BiConsumer<String, String> events;
    private final Instant started;
    private final Duration silentAfter;
    private Instant nestOnlineSince;
    private boolean done;
    private StationClock.Timer timer;

    private StartupRecovery(StationRuntime station, List<Fleet.Member> members, OperationsJournal journal,
                            JournalListener journalListener, Consumer<String> alarms, BiConsumer<String, String> events) {
        this.station = station;
        this.members = members;
        this.journal = journal;
        this.journalListener = journalListener;
        this.alarms = alarms;
        this.events = events;
        this.started = station.clock().now();
        this.silentAfter = station.config().mavlink().linkLostAfter().plusSeconds(10);
    }

    /**
     * @param journal null: no journal (no uplink state directory), the hardware alone decides
     * @param alarms raises an alarm
     * @param events (code, text) state events for central
     */
    static StartupRecovery start(StationRuntime station, List<Fleet.Member> members, OperationsJournal journal,
                                 JournalListener journalListener, Consumer<String> alarms, BiConsumer<String, String> events) {
        StartupRecovery r = new StartupRecovery(station, members, journal, journalListener, alarms, events);
        // the check reads the journal and starts the recovery: not work for the clock's timer thread
        StationClock clock = station.clock();
        r.timer = clock.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> clock.completions().execute(r::check));
        return r;
    }

    private synchronized void check() {
        if (done) {
            return;
        }
        Instant now = station.clock().now();
        Nest nest = station.nest().orElseThrow();
        NestView nv = nest.view();
        boolean nestKnown = nv.controllerOnline() && !(nv.roof() instanceof RoofMachine.Unknown)
                && !(nv.roof() instanceof RoofMachine.Opening) && !(nv.roof() instanceof RoofMachine.Closing);
        if (!nestKnown) {
            nestOnlineSince = null;
        } else if (nestOnlineSince == null) {
            nestOnlineSince = now;
        }
        boolean nestReady = nestOnlineSince != null && !now.isBefore(nestOnlineSince.plus(NEST_SETTLE));
        boolean dronesKnown = station.vehicles().stream().filter(StartupRecovery::inBay).allMatch(v ->
                v.health().status() == DeviceHealth.Status.ONLINE || !now.isBefore(started.plus(silentAfter)));
        boolean late = !now.isBefore(started.plus(GIVE_UP));
        if (!(nestReady && dronesKnown) && !late) {
            return;
        }
        done = true;
        timer.cancel();
        if (late && !(nestReady && dronesKnown)) {
            LOG.warn("start-up recovery goes ahead after {} s without {}", GIVE_UP.toSeconds(),
                    nestReady ? "every drone's word" : "the nest controller");
        }
        try {
            recover(nest, nv);
        } catch (RuntimeException e) {
            LOG.error("start-up recovery failed: {}", e.toString());
            alarms.accept("start-up recovery failed: " + e.getMessage() + "; launches stay held until a restart");
        }
    }

    private void recover(Nest nest, NestView nv) {
        List<OpenJob> open = journal == null ? List.of() : journal.unfinished();
        List<DroneObservation> seen = new ArrayList<>();
        for (VehicleMonitor v : station.vehicles()) {
            if (inBay(v)) {
                seen.add(observe(v));
            }
        }
        RecoveryDecision decision = Reconciler.decide(open, nv, seen, Reconciler.Policy.callEveryoneHome());
        LOG.info("start-up recovery: {} unfinished job(s) in the journal, {} finding(s), {} action(s)", open.size(),
                decision.findings().size(), decision.actions().size());
        decision.findings().forEach(f -> {
            LOG.info("finding: {}", f);
            events.accept("recover.finding", f);
        });
        Fleet fleet = station.fleet().orElseThrow();
        if (decision.actions().isEmpty()) {
            events.accept("recover.done", "nothing to recover: launches allowed");
            fleet.release();
            return;
        }
        Map<String, DronePort> drones = new LinkedHashMap<>();
        members.forEach(m -> drones.put(m.drone().name(), m.drone()));
        Plan plan = RecoverPlan.of("recover-" + Uuid7.id(), decision, nest, drones, station.config().operations(), alarms,
                (id, reason) -> {
                    if (journal != null) {
                        journal.jobFinished(id, reason);
                    }
                });
        if (journalListener != null) {
            journalListener.jobStarted(plan, Map.of());
        }
        station.jobs().orElseThrow().start(plan).outcome().whenComplete((outcome, x) -> {
            for (RecoveryDecision.ReturnToLaunch r : decision.actions(RecoveryDecision.ReturnToLaunch.class)) {
                fleet.adoptAirborne(r.drone(), "found airborne after a restart: coming home");
            }
            boolean ok = x == null && outcome instanceof JobMachine.Succeeded;
            String text = ok ? "recovered: launches allowed"
                    : "recovery " + (x != null ? "failed: " + x : JobMachine.describe(outcome)) + "; launches allowed, see the alarms";
            events.accept(ok ? "recover.done" : "recover.failed", text);
            LOG.info("start-up recovery: {}", text);
            fleet.release();
        });
    }

    private static boolean inBay(VehicleMonitor v) {
        return v.vehicle().kind() == StationConfig.VehicleKind.COPTER && v.vehicle().bay() > 0;
    }

    private static DroneObservation observe(VehicleMonitor v) {
        VehicleTelemetry t = v.telemetry();
        boolean link = v.health().status() == DeviceHealth.Status.ONLINE;
        boolean airborne = t.airborne();
        int battery = Double.isNaN(t.batteryPercent()) ? DroneObservation.UNKNOWN
                : (int) Math.max(0, Math.min(100, Math.round(t.batteryPercent())));
        return new DroneObservation(v.name(), v.vehicle().bay(), link, link && airborne, link && t.armed(),
                t.mode() == null ? "" : t.mode(), battery);
    }

    @Override
    public synchronized void close() {
        done = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}

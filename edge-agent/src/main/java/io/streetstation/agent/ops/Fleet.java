package io.streetstation.agent.ops;

import io.streetstation.agent.actor.Inbox;
import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.NestView;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherGate;
import io.streetstation.agent.ops.SortieMachine.*;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The station's four drones as one actor: each drone's {@link SortieMachine}, the nest's roof and
 * corridor shared one job at a time (launches and landings queue for it), recalls, return-all,
 * patrols, the relay (continuous coverage of a patrol route) and the weather's recall — every
 * decision taken on the fleet's inbox, every job run by the {@link JobRunner}.
 *
 * <p>The relay, on every tick (1 s of station time): the drone on station must turn back when its
 * battery, less the way home, reaches the return reserve (drain measured in flight, never less than
 * nominal); the next drone — the fullest docked battery at or above the launch floor — launches
 * {@code relay-lead} plus its way out before that; it joins the loop at the waypoint the airborne
 * drone is heading to, and once it has reached that waypoint (on station) the other is recalled.
 * A hand-off gap is the time between the last drone leaving the route and the next reaching it:
 * zero when the next was there first. Weather holds pause launches; a weather recall brings every
 * drone home and stops counting until the weather allows launches again.
 */
public final class Fleet implements Relays, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("fleet");
    private static final Duration TICK = Duration.ofSeconds(1);
    /** Allowance for the descent and precision landing on the way home, s. */
    private static final double LANDING_S = 60;
    /** Ticks (s) without heartbeats before an airborne drone counts as lost: the autopilot's own GCS failsafe waits 5 s. */
    private static final int LINK_LOST_TICKS = 5;
    /** Ticks (s) on both bay sensors before a lost or faulted drone counts as docked (not a lift-off's last report). */
    private static final int DOCKED_TICKS = 30;
    /** A launch from a closed roof until the drone can head out (roof 18 s, take-off, a climb), s. */
    private static final double LAUNCH_S = 25;
    /** Dispatch flights go at this height above the nest, m (above the patrol loops' 40 m). */
    private static final double DISPATCH_ALTITUDE_M = 50;
    /** A bay whose launch failed is left alone this long by the relay. */
    private static final Duration BAY_COOLDOWN = Duration.ofMinutes(10);

    /** Told of every sortie change and relay hand-off, on the fleet's thread: hand over, never wait. */
    public interface Listener {
        default void sortieChanged(String drone, State from, State to) {
        }

        default void handOff(String route, String from, String to, Duration gap) {
        }

        default void refused(String what, String reason) {
        }

        /** A dispatch reached {@code step} ("assigned", "airborne", "on-scene", "done"), {@code since} its request. */
        default void dispatchStep(Incident incident, String drone, String step, Duration since) {
        }
    }

    /**
     * An incident to send a drone to.
     *
     * @param id central's incident id
     * @param at where
     * @param priority 1 (highest) .. 5
     * @param onScene how long to watch over it
     */
    public record Incident(String id, GeoPoint at, int priority, Duration onScene) {
        public Incident {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            if (priority < 1 || priority > 5) {
                throw new IllegalArgumentException("priority must be 1..5, was " + priority);
            }
            if (onScene.isNegative() || onScene.compareTo(Duration.ofMinutes(30)) > 0) {
                throw new IllegalArgumentException("on-scene time must be 0..30 min, was " + onScene);
            }
        }
    }

    /** A request's answer. */
    public sealed interface Answer {
    }

    public record Accepted(String detail) implements Answer {
    }

    /** @param code "sortie" (the drone's state does not allow it), "job" (its job failed), "fleet" */
    public record Refused(String code, String reason) implements Answer {
    }

    /**
     * Told before the fleet starts a job, with its parameters (the operations journal records it);
     * throwing refuses the job (a start that cannot be recorded must not actuate).
     */
    @FunctionalInterface
    public interface JobStart {
        JobStart NONE = (plan, params) -> { };

        void starting(Plan plan, Map<String, String> params);
    }

    /** One drone and its bay. */
    public record Member(int bay, DronePort drone) {
    }

    /** What the fleet shows: each drone's sortie, the relay's route and figures, why launches are held (if they are), the last dispatch. */
    public record View(Map<String, State> sorties, Optional<String> relayRoute, RelayFigures relay, Optional<String> held,
                       Optional<DispatchTimes> lastDispatch) {
    }

    /** A dispatch's steps ("assigned", "airborne", "on-scene", "done") and when, after its request. */
    public record DispatchTimes(String incident, String drone, Map<String, Duration> steps) {
        public DispatchTimes {
            steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        }
    }

    private final OperationsSettings settings;
    private final Nest nest;
    private final JobRunner jobs;
    private final StationClock clock;
    private final Listener listener;
    /** Where the nest stands: configured, else where the first drone took off from. */
    private GeoPoint home;
    private final Inbox inbox;
    private final Map<String, Entry> drones = new LinkedHashMap<>();
    private final Deque<NestWork> nestQueue = new ArrayDeque<>();
    private final Map<Integer, Instant> bayHeldUntil = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final StationClock.Timer ticker;
    private volatile View view;
    private final JobStart jobStart;
    private String held;      // why launches are refused now, null when they are not
    private DispatchTimes lastDispatch;
    private String nestJob;   // the job holding the roof and corridor, null when free
    private Relay relay;
    private RelayFigures.Builder figures;

    private static final class Entry {
        final int bay;
        final DronePort drone;
        State state = new Docked();
        /** The waypoint its patrol joined the loop at. */
        int joinedAt;
        PatrolRoute route;
        final List<CompletableFuture<Answer>> dockWaiters = new ArrayList<>();
        int linkDownTicks;
        int bayOccupiedTicks;
        /** Its running launch job, to abort it; null when none runs. */
        JobRunner.Handle launch;
        /** Recalled, its landing stopped by the nest before it came down: lands once the nest lets it in. */
        boolean landDeferred;
        /** Battery samples for the drain: the first in this flight, and when. */
        double firstBattery = Double.NaN;
        Instant firstAt;

        Entry(int bay, DronePort drone) {
            this.bay = bay;
            this.drone = drone;
        }
    }

    private sealed interface NestWork {
    }

    private record LaunchWork(Entry entry, String job, CompletableFuture<Answer> answer, Runnable then) implements NestWork {
    }

    private record LandWork(Entry entry) implements NestWork {
    }

    private record Relay(PatrolRoute route) {
    }

    public Fleet(OperationsSettings settings, Nest nest, JobRunner jobs, List<Member> members,
                 StationClock clock, Listener listener, Executor executor) {
        this(settings, nest, jobs, members, clock, listener, JobStart.NONE, null, executor);
    }

    /**
     * @param jobStart told before each job starts
     * @param heldFor non-null: the fleet starts held (launches, dispatches, relays and patrols are
     *     refused with this reason) until {@link #release()} — the recovery after a restart
     */
    public Fleet(OperationsSettings settings, Nest nest, JobRunner jobs, List<Member> members,
                 StationClock clock, Listener listener, JobStart jobStart, String heldFor, Executor executor) {
        this.jobStart = Objects.requireNonNull(jobStart, "jobStart");
        this.held = heldFor;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nest = Objects.requireNonNull(nest, "nest");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.home = Double.isNaN(settings.flight().siteLat()) ? null
                : new GeoPoint(settings.flight().siteLat(), settings.flight().siteLon());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        for (Member m : members) {
            drones.put(m.drone().name(), new Entry(m.bay(), m.drone()));
        }
        this.inbox = new Inbox("fleet", executor);
        publish();
        this.ticker = clock.scheduleAtFixedRate(TICK, TICK, () -> inbox.post(this::tick));
    }

    public View view() {
        return view;
    }

    @Override
    public Optional<String> relayRoute() {
        return view.relayRoute();
    }

    // ------------------------------------------------------------------ requests

    /** Launches the drone in {@code bay} to hover over the nest; completes once it has left the corridor. */
    public CompletionStage<Answer> launch(int bay) {
        return ask(() -> {
            if (held != null) {
                return done(new Refused("fleet", "launches are held: " + held));
            }
            Entry e = inBay(bay);
            if (e == null) {
                return done(new Refused("fleet", "bay " + bay + ": no drone is assigned to it"));
            }
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            if (!enqueueLaunch(e, answer, () -> { })) {
                return answer;
            }
            return answer;
        });
    }

    /**
     * Aborts {@code drone}'s launch: a queued one is dropped (nothing moved); a running one's job is
     * cancelled and its safe state runs — on the ground the drone is powered off and clamped and the
     * roof closes; already in the air, it is recalled and lands. Refused when the drone is not launching.
     */
    public CompletionStage<Answer> abortLaunch(String drone, String reason) {
        return askAbout(drone, e -> {
            if (!(e.state instanceof Launching)) {
                return done(new Refused("sortie", drone + " is not launching: " + SortieMachine.name(e.state)));
            }
            LaunchWork queued = nestQueue.stream().filter(w -> w instanceof LaunchWork l && l.entry() == e)
                    .map(LaunchWork.class::cast).findFirst().orElse(null);
            if (queued != null) {
                nestQueue.remove(queued);
                fire(e, new LaunchFailed("aborted before it started: " + reason, false));
                queued.answer().complete(new Refused("job", "aborted before it started: " + reason));
                return done(new Accepted(drone + ": queued launch dropped, nothing moved"));
            }
            if (e.launch == null) {
                return done(new Refused("sortie", drone + ": its launch job is not running"));
            }
            LOG.warn("{}: launch aborted: {}", drone, reason);
            e.launch.cancel("aborted: " + reason);
            return done(new Accepted(drone + ": launch aborted, its safe state runs"));
        });
    }

    /** Brings {@code drone} home and lands it on its bay; completes once recalled (the landing follows). */
    public CompletionStage<Answer> recall(String drone, String reason) {
        return askAbout(drone, e -> done(recall(e, reason)));
    }

    /** Recalls every airborne drone and stops the relay. */
    @Override
    public CompletionStage<Answer> returnAll(String reason) {
        return ask(() -> done(returnAllNow(reason)));
    }

    /** Starts continuous coverage of {@code route} (replacing any relay running). */
    @Override
    public CompletionStage<Answer> startRelay(PatrolRoute route) {
        return ask(() -> {
            if (held != null) {
                return done(new Refused("fleet", "launches are held: " + held));
            }
            relay = new Relay(route);
            figures = new RelayFigures.Builder(route.id(), clock.now());
            LOG.info("relay on route {} ({} waypoints, farthest {} m)", route.id(), route.size(),
                    Math.round(farthest(route)));
            tick();
            return done(new Accepted("relay on " + route.id()));
        });
    }

    /** Stops the relay; drones on patrol carry on until recalled. */
    public CompletionStage<Answer> stopRelay() {
        return ask(() -> {
            if (relay == null) {
                return done(new Refused("fleet", "no relay is running"));
            }
            figures.stop(clock.now());
            relay = null;
            publish();
            return done(new Accepted("relay stopped"));
        });
    }

    /**
     * Sends the drone that can be over {@code incident} soonest and still come home with the
     * reserve ({@link DispatchPolicy}): an airborne one straight there, else the chosen bay's drone
     * launched ahead of any queued launch or landing. Answers once assigned; the steps follow as
     * job events and {@link Listener#dispatchStep}.
     */
    public CompletionStage<Answer> dispatch(Incident incident) {
        Instant received = clock.now();
        return ask(() -> {
            if (held != null) {
                return done(new Refused("fleet", "incident " + incident.id() + ": launches are held: " + held));
            }
            NestView nv = nest.view();
            List<DispatchPolicy.Candidate> candidates = new ArrayList<>();
            Map<String, Entry> byName = new LinkedHashMap<>();
            double speed = settings.flight().dispatchSpeed();
            double drain = settings.flight().drainPerSecond();
            double back = home == null ? 0 : home.distanceTo(incident.at()) / settings.flight().cruiseSpeed();
            for (Entry e : drones.values()) {
                boolean flying = onTask(e.state) && !(e.state instanceof Responding r && r.incident().equals(incident.id()));
                if (flying && e.drone.linkUp() && e.drone.position().isPresent() && !Double.isNaN(e.drone.batteryPercent())) {
                    double there = e.drone.position().get().distanceTo(incident.at()) / speed;
                    double need = (there + incident.onScene().toSeconds() + back + LANDING_S) * drain(e, e.drone.batteryPercent());
                    candidates.add(new DispatchPolicy.Candidate(e.drone.name(), true, there, e.drone.batteryPercent(), need));
                    byName.put(e.drone.name(), e);
                } else if (e.state instanceof Docked && bay(nv, e.bay).occupied()
                        && bayBattery(nv, e) >= settings.launch().batteryFloorPercent()
                        && bayHeldUntil.getOrDefault(e.bay, Instant.MIN).isBefore(clock.now())) {
                    double there = LAUNCH_S + back * settings.flight().cruiseSpeed() / speed;
                    double need = (there + incident.onScene().toSeconds() + back + LANDING_S) * drain;
                    candidates.add(new DispatchPolicy.Candidate(e.drone.name(), false, there, bayBattery(nv, e), need));
                    byName.put(e.drone.name(), e);
                }
            }
            if (!(nv.weather() instanceof WeatherGate.Go)) {
                candidates.removeIf(c -> !c.airborne());   // no launch in held weather; one in the air may still go
            }
            DispatchPolicy.Choice choice = DispatchPolicy.choose(candidates, settings.flight().returnReservePercent());
            if (choice instanceof DispatchPolicy.NoneFits none) {
                String why = "incident " + incident.id() + ": no drone can go: " + none.reasons()
                        + (nv.weather() instanceof WeatherGate.Go ? "" : "; launches held: " + nv.weather());
                listener.refused("dispatch " + incident.id(), why);
                return done(new Refused("fleet", why));
            }
            DispatchPolicy.Candidate c = ((DispatchPolicy.Chosen) choice).candidate();
            Entry e = byName.get(c.drone());
            step(incident, c.drone(), "assigned", received);
            LOG.info("incident {}: {} goes ({}, there in {} s, battery {} %)", incident.id(), c.drone(),
                    c.airborne() ? "airborne" : "from bay " + e.bay, Math.round(c.etaS()), Math.round(c.batteryPercent()));
            if (c.airborne()) {
                respond(e, incident, received);
                return done(new Accepted(c.drone() + " goes, airborne, there in about " + Math.round(c.etaS()) + " s"));
            }
            String job = "launch-" + e.drone.name() + "-" + ids.incrementAndGet();
            if (!fire(e, new LaunchRequested(job))) {
                return done(new Refused("sortie", rejection(e, new LaunchRequested(job))));
            }
            CompletableFuture<Answer> launched = new CompletableFuture<>();
            nestQueue.addFirst(new LaunchWork(e, job, launched, () -> respond(e, incident, received)));
            CompletableFuture<Void> up = e.drone.reach(1.0).toCompletableFuture();
            up.thenRun(() -> inbox.post(() -> step(incident, e.drone.name(), "airborne", received)));
            launched.whenComplete((a, x) -> {
                if (!(a instanceof Accepted)) {
                    up.cancel(false);   // the launch failed on the ground: stop watching for the lift-off
                }
            });
            pump();
            return done(new Accepted(c.drone() + " launches from bay " + e.bay + ", there in about " + Math.round(c.etaS()) + " s"));
        });
    }

    /** Sends the airborne {@code drone} on {@code route}, joining at waypoint 0. */
    public CompletionStage<Answer> patrol(String drone, PatrolRoute route) {
        return askAbout(drone, e -> {
            if (!onTask(e.state)) {
                return done(new Refused("sortie", drone + " is " + SortieMachine.name(e.state) + ": launch it first"));
            }
            startPatrol(e, route, 0);
            return done(new Accepted(drone + " joins " + route.id()));
        });
    }

    /**
     * Completes when {@code drone} is docked (landed, clamped, charging under way), or with a
     * refusal when its landing faulted; at once if it already is.
     */
    public CompletionStage<Answer> awaitDocked(String drone) {
        return askAbout(drone, e -> {
            if (e.state instanceof Docked) {
                return done(new Accepted(drone + " docked"));
            }
            CompletableFuture<Answer> f = new CompletableFuture<>();
            e.dockWaiters.add(f);
            return f;
        });
    }

    /** Launches, dispatches and relays may go ahead again (the recovery after a restart is over). */
    public void release() {
        inbox.post(() -> {
            if (held != null) {
                LOG.info("fleet released (was held: {})", held);
                held = null;
                publish();
                pump();
            }
        });
    }

    /**
     * After a restart: {@code drone} is found airborne and told to come home by the recovery;
     * the fleet takes it over as recalled and lands it when the nest is free. Only from docked
     * (the state every drone starts in).
     */
    public CompletionStage<Answer> adoptAirborne(String drone, String reason) {
        return askAbout(drone, e -> {
            if (!(e.state instanceof Docked)) {
                return done(new Refused("sortie", drone + " is " + SortieMachine.name(e.state) + ", not just started"));
            }
            State from = e.state;
            e.state = new Recalled(reason);   // the one move outside the table: the fleet did not see it leave
            LOG.info("{}: adopted airborne after a restart: {}", drone, reason);
            listener.sortieChanged(drone, from, e.state);
            nestQueue.add(new LandWork(e));
            pump();
            publish();
            return done(new Accepted(drone + " recalled: " + reason));
        });
    }

    /** A technician cleared a faulted drone. */
    public CompletionStage<Answer> reset(String drone) {
        return askAbout(drone, e -> done(fire(e, new ResetRequested()) ? new Accepted(drone + " reset")
                : new Refused("sortie", rejection(e, new ResetRequested()))));
    }

    // ------------------------------------------------------------------ the actor's work

    private CompletionStage<Answer> ask(java.util.function.Supplier<CompletionStage<Answer>> work) {
        CompletableFuture<Answer> f = new CompletableFuture<>();
        if (!inbox.post(() -> work.get().whenComplete((a, x) -> {
            if (x != null) {
                f.completeExceptionally(x);
            } else {
                f.complete(a);
            }
        }))) {
            f.complete(new Refused("fleet", "the fleet is shut down"));
        }
        return f;
    }

    /** {@link #ask} about one drone, refused when the fleet has no drone of that name. */
    private CompletionStage<Answer> askAbout(String drone, java.util.function.Function<Entry, CompletionStage<Answer>> work) {
        return ask(() -> {
            Entry e = drones.get(drone);
            return e == null ? done(new Refused("fleet", "no drone " + drone)) : work.apply(e);
        });
    }

    private static CompletionStage<Answer> done(Answer a) {
        return CompletableFuture.completedFuture(a);
    }

    private Entry inBay(int bay) {
        return drones.values().stream().filter(e -> e.bay == bay).findFirst().orElse(null);
    }

    private boolean fire(Entry e, Event event) {
        State from = e.state;
        Transition t = SortieMachine.on(from, event);
        if (t instanceof Moved m) {
            e.state = m.next();
            if (!(m.next() instanceof Recalled)) {
                e.landDeferred = false;
            }
            if (!from.equals(m.next())) {
                LOG.info("{}: {} -> {}", e.drone.name(), SortieMachine.name(from), SortieMachine.name(m.next()));
                listener.sortieChanged(e.drone.name(), from, m.next());
                if (m.next() instanceof Docked || m.next() instanceof Faulted) {
                    Answer a = m.next() instanceof Docked ? new Accepted(e.drone.name() + " docked")
                            : new Refused("job", SortieMachine.name(m.next()));
                    e.dockWaiters.forEach(w -> w.complete(a));
                    e.dockWaiters.clear();
                }
                account();
            }
            publish();
            return true;
        }
        LOG.warn("{}: {} refused: {}", e.drone.name(), event.getClass().getSimpleName(), ((Rejected) t).reason());
        return false;
    }

    private String rejection(Entry e, Event event) {
        return e.drone.name() + ": " + ((Rejected) SortieMachine.on(e.state, event)).reason();
    }

    /** Queues a launch; false (and the answer refused) when the drone cannot launch now. */
    private boolean enqueueLaunch(Entry e, CompletableFuture<Answer> answer, Runnable then) {
        String job = "launch-" + e.drone.name() + "-" + ids.incrementAndGet();
        if (!fire(e, new LaunchRequested(job))) {
            answer.complete(new Refused("sortie", rejection(e, new LaunchRequested(job))));
            return false;
        }
        nestQueue.add(new LaunchWork(e, job, answer, then));
        pump();
        return true;
    }

    private Answer recall(Entry e, String reason) {
        if (figures != null && e.state instanceof Patrolling p && p.onStation()) {
            figures.left(e.drone.name());
        }
        if (!fire(e, new RecallRequested(reason))) {
            return new Refused("sortie", rejection(e, new RecallRequested(reason)));
        }
        nestQueue.add(new LandWork(e));
        pump();
        return new Accepted(e.drone.name() + " recalled: " + reason);
    }

    private Answer returnAllNow(String reason) {
        if (relay != null) {
            figures.stop(clock.now());
            relay = null;
        }
        List<String> recalled = new ArrayList<>();
        for (Entry e : drones.values()) {
            if (onTask(e.state)) {
                recall(e, reason);
                recalled.add(e.drone.name());
            }
        }
        publish();
        return new Accepted(recalled.isEmpty() ? "no drone airborne" : "recalled " + String.join(", ", recalled));
    }

    /** Starts the next queued nest job if the roof and corridor are free. */
    private void pump() {
        if (nestJob != null || nestQueue.isEmpty()) {
            return;
        }
        NestWork w = nestQueue.poll();
        switch (w) {
            case LaunchWork l -> runLaunch(l);
            case LandWork l -> runLand(l.entry());
        }
    }

    private void runLaunch(LaunchWork w) {
        Entry e = w.entry();
        Plan plan = LaunchPlan.of(w.job(), e.bay, e.drone, nest, settings, () -> othersComing(e));
        Optional<String> unrecorded = journal(plan, Map.of("bay", String.valueOf(e.bay), "drone", e.drone.name()));
        if (unrecorded.isPresent()) {
            // a launch that could not be recorded is not made: after a crash nobody would know the drone is up
            LOG.error("{}: launch not started: its start could not be recorded: {}", e.drone.name(), unrecorded.get());
            fire(e, new LaunchFailed("not started: " + unrecorded.get(), false));
            w.answer().complete(new Refused("job", "not started, its start could not be journalled: " + unrecorded.get()));
            pump();
            return;
        }
        nestJob = plan.id();
        JobRunner.Handle handle = jobs.start(plan);
        e.launch = handle;
        handle.outcome().whenComplete((outcome, x) -> inbox.post(() -> {
            nestJob = null;
            e.launch = null;
            if (outcome instanceof JobMachine.Succeeded) {
                e.firstBattery = e.drone.batteryPercent();
                e.firstAt = clock.now();
                if (home == null) {
                    home = e.drone.position().orElse(null);
                }
                fire(e, new Launched());
                w.answer().complete(new Accepted(e.drone.name() + " airborne"));
                w.then().run();
            } else {
                String why = x != null ? String.valueOf(x) : JobMachine.describe(outcome);
                bayHeldUntil.put(e.bay, clock.now().plus(BAY_COOLDOWN));
                boolean up = e.drone.airborne();
                fire(e, new LaunchFailed(why, up));
                if (up) {
                    nestQueue.add(new LandWork(e));
                }
                w.answer().complete(new Refused("job", why));
            }
            pump();
        }));
    }

    /** Records the start of {@code plan} in the operations journal; the reason when it could not be. */
    private Optional<String> journal(Plan plan, Map<String, String> params) {
        try {
            jobStart.starting(plan, params);
            return Optional.empty();
        } catch (RuntimeException x) {
            return Optional.of(String.valueOf(x.getMessage()));
        }
    }

    /**
     * For a job that goes ahead without its record (a landing, a dispatch flight, securing a bay):
     * records its start, or logs and tells central that {@code what} is not journalled.
     */
    private void journalOrSay(Plan plan, Map<String, String> params, String what) {
        journal(plan, params).ifPresent(why -> {
            LOG.error("{} starts without its journal record: {}", what, why);
            listener.refused("journal " + plan.id(), what + " not journalled: " + why);
        });
    }

    private void runLand(Entry e) {
        Plan plan = LandPlan.of("land-" + e.drone.name() + "-" + ids.incrementAndGet(), e.bay, e.drone, nest, settings,
                settings.land().deadline(), clock, () -> othersComing(e));
        // the drone must come down anyway: it lands with or without its record
        journalOrSay(plan, Map.of("bay", String.valueOf(e.bay), "drone", e.drone.name()), "landing of " + e.drone.name());
        if (!fire(e, new LandStarted(plan.id()))) {
            pump();
            return;
        }
        nestJob = plan.id();
        jobs.start(plan).outcome().whenComplete((outcome, x) -> inbox.post(() -> {
            nestJob = null;
            if (outcome instanceof JobMachine.Succeeded) {
                e.route = null;
                e.firstBattery = Double.NaN;
                fire(e, new Landed());
            } else if (outcome instanceof JobMachine.Failed f && LandPlan.beforeDescent(f.step()) && e.drone.airborne()) {
                // the nest would not let it in (E-stop, controller offline, roof faulted): it stays up, and
                // lands once the nest allows it (observe)
                fire(e, new LandDeferred(f.step() + ": " + f.reason()));
                e.landDeferred = true;
                listener.refused("landing of " + e.drone.name(), f.step() + ": " + f.reason()
                        + " — it stays in the air and lands once the nest lets it in");
            } else {
                fire(e, new LandFailed(x != null ? String.valueOf(x) : JobMachine.describe(outcome)));
                closeRoofBehind(e);
            }
            pump();
        }));
    }

    /**
     * After a landing that did not end in the bay — the drone down on the alternate pad — the roof
     * closes behind it, unless another drone still comes in or a nest job waits (it opens the roof
     * anyway). A drone still down in the corridor (no alternate pad) keeps it open: the interlocks
     * refuse to close on it.
     */
    private void closeRoofBehind(Entry e) {
        if (e.drone.airborne() || othersComing(e) || !nestQueue.isEmpty() || nestJob != null) {
            return;
        }
        String job = "close-roof-" + ids.incrementAndGet();
        nestJob = job;
        nest.closeRoof(p -> { }).whenComplete((r, x) -> inbox.post(() -> {
            if (job.equals(nestJob)) {
                nestJob = null;
            }
            if (r instanceof Nest.Done) {
                LOG.info("{}: roof closed behind it", e.drone.name());
            } else {
                LOG.warn("{}: the roof stays open behind it: {}", e.drone.name(), x != null ? x.toString() : r);
            }
            pump();
        }));
    }

    private void step(Incident incident, String drone, String step, Instant received) {
        Duration since = Duration.between(received, clock.now());
        Map<String, Duration> steps = new LinkedHashMap<>(lastDispatch != null && lastDispatch.incident().equals(incident.id())
                ? lastDispatch.steps() : Map.of());
        steps.put(step, since);
        lastDispatch = new DispatchTimes(incident.id(), drone, steps);
        listener.dispatchStep(incident, drone, step, since);
        publish();
    }

    /** The airborne drone {@code e} flies the dispatch job; then back to the relay's route if it came from it, else home. */
    private void respond(Entry e, Incident incident, Instant received) {
        String from = e.state instanceof Patrolling p ? p.route() : null;
        if (e.state instanceof Patrolling p && p.onStation() && figures != null) {
            figures.left(e.drone.name());
        }
        if (!fire(e, new DispatchStarted(incident.id()))) {
            return;
        }
        double speed = settings.flight().dispatchSpeed();
        double far = e.drone.position().map(p -> p.distanceTo(incident.at())).orElse(5_000.0);
        Duration flight = Duration.ofSeconds((long) (far / speed * 1.5) + 60);
        Plan plan = DispatchPlan.of("dispatch-" + e.drone.name() + "-" + ids.incrementAndGet(), incident.id(), e.drone,
                incident.at(), DISPATCH_ALTITUDE_M, speed, flight, incident.onScene(), clock);
        journalOrSay(plan, Map.of("drone", e.drone.name(), "incident", incident.id()), "dispatch flight of " + e.drone.name());
        CompletableFuture<Void> there = e.drone.arrive(incident.at(), DispatchPlan.ON_SCENE_M).toCompletableFuture();
        there.thenRun(() -> inbox.post(() -> {
            if (e.state instanceof Responding r && r.incident().equals(incident.id())) {
                fire(e, new OnScene());
                step(incident, e.drone.name(), "on-scene", received);
            }
        }));
        jobs.start(plan).outcome().whenComplete((outcome, x) -> inbox.post(() -> {
            there.cancel(false);   // never got there (the job failed): stop watching for it
            step(incident, e.drone.name(), "done", received);
            if (!(e.state instanceof Responding r && r.incident().equals(incident.id()))) {
                return;   // recalled or lost meanwhile
            }
            String why = outcome instanceof JobMachine.Succeeded ? "incident " + incident.id() + " watched"
                    : "incident " + incident.id() + ": " + JobMachine.describe(outcome);
            if (relay != null && relay.route().id().equals(from) && secondsLeft(e) > settings.flight().relayLead().toSeconds()) {
                startPatrol(e, relay.route(), joinPoint(relay.route()));
            } else {
                recall(e, why);
            }
        }));
    }

    /** Airborne and at the fleet's disposal: hovering, patrolling or responding (what a recall or a dispatch may take). */
    private static boolean onTask(State s) {
        return s instanceof Hovering || s instanceof Patrolling || s instanceof Responding;
    }

    /** Another drone still has to come in through the roof: recalled, landing, lost (on its failsafe) or faulted in the air. */
    private boolean othersComing(Entry self) {
        return drones.values().stream().anyMatch(o -> o != self && (o.state instanceof Recalled || o.state instanceof Landing
                || o.state instanceof Lost || o.state instanceof Faulted && o.drone.airborne()));
    }

    /**
     * A drone that came down on its own (a lost link's failsafe RTL) is seen in its bay: its bay is
     * made safe as a landing leaves it — powered off, clamped, charging — as the "secure" job.
     */
    private void secureDocked(Entry e) {
        OperationsSettings.Launch l = settings.launch();
        Duration slack = Duration.ofSeconds(5);
        io.streetstation.agent.job.Step secure = new io.streetstation.agent.job.Step("secure bay " + e.bay,
                l.centringDeadline().plus(slack).plus(slack).plus(slack),
                () -> LaunchPlan.expect(nest.bay(e.bay, Nest.BayAction.CENTRING_CLAMP, l.centringDeadline()), "clamp")
                        .thenCompose(x -> LaunchPlan.expect(nest.bay(e.bay, Nest.BayAction.DRONE_POWER_OFF, slack), "power off"))
                        .thenCompose(x -> LaunchPlan.expect(nest.bay(e.bay, Nest.BayAction.CHARGE_START, slack), "charge")));
        Plan plan = new Plan("secure-" + e.drone.name() + "-" + ids.incrementAndGet(), "secure", List.of(List.of(secure)), List.of());
        journalOrSay(plan, Map.of("bay", String.valueOf(e.bay), "drone", e.drone.name()), "securing of bay " + e.bay);
        jobs.start(plan);
    }

    private void startPatrol(Entry e, PatrolRoute route, int joinAt) {
        if (!fire(e, new PatrolStarted(route.id()))) {
            return;
        }
        e.route = route;
        e.joinedAt = joinAt;
        e.drone.uploadMission(route.missionFrom(joinAt))
                .thenCompose(x -> e.drone.flyMission(0))
                .whenComplete((ok, x) -> inbox.post(() -> {
                    if (x != null && e.state instanceof Patrolling) {
                        LOG.warn("{}: patrol {} did not start: {}", e.drone.name(), route.id(), x.getMessage());
                        listener.refused("patrol " + route.id() + " with " + e.drone.name(), String.valueOf(x.getMessage()));
                        recall(e, "patrol did not start");
                    }
                }));
    }

    // ------------------------------------------------------------------ the tick

    private void tick() {
        Instant now = clock.now();
        NestView nv = nest.view();
        for (Entry e : drones.values()) {
            observe(e, nv);
        }
        if (nv.weather() instanceof WeatherGate.Recall r) {
            boolean anyUp = drones.values().stream().anyMatch(e -> onTask(e.state));
            if (anyUp) {
                String why = "weather: " + r.reasons().stream().map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("recall");
                LOG.info("weather recall: {}", why);
                for (Entry e : drones.values()) {
                    if (onTask(e.state)) {
                        recall(e, why);
                    }
                }
            }
        }
        if (relay != null) {
            relayTick(now, nv);
        }
        account();
    }

    /** Telemetry → sortie events: link loss and return, on station, seen docked, battery turn-back. */
    private void observe(Entry e, NestView nv) {
        State s = e.state;
        e.linkDownTicks = e.drone.linkUp() ? 0 : e.linkDownTicks + 1;
        e.bayOccupiedTicks = bay(nv, e.bay).occupied() ? e.bayOccupiedTicks + 1 : 0;
        boolean link = e.linkDownTicks < LINK_LOST_TICKS;
        if (s.airborne() && !(s instanceof Lost) && !(s instanceof Landing) && !(s instanceof Faulted) && !link) {
            fire(e, new LinkLost("no heartbeat from " + e.drone.name()));
            return;
        }
        if (s instanceof Lost) {
            boolean fresh = e.linkDownTicks == 0;   // else its telemetry is stale (airborne when it was lost)
            if (e.bayOccupiedTicks >= DOCKED_TICKS && (!fresh || !e.drone.airborne())) {
                fire(e, new SeenDocked());           // its failsafe brought it home: the bay's two sensors for 30 s decide
                secureDocked(e);
            } else if (fresh && e.drone.airborne()) {
                fire(e, new LinkRestored());
                nestQueue.add(new LandWork(e));
                pump();
            }
            return;   // back but down away from its bay: stays lost until seen in it (the alarm went with the loss)
        }
        if (s instanceof Recalled && e.landDeferred && !nv.estop().active() && nv.controllerOnline()
                && !(nv.roof() instanceof RoofMachine.Faulted)) {
            e.landDeferred = false;
            LOG.info("{}: the nest lets it in again: landing", e.drone.name());
            nestQueue.add(new LandWork(e));
            pump();
        }
        boolean flying = onTask(s);
        if ((flying || s instanceof Recalled) && e.bayOccupiedTicks >= DOCKED_TICKS && !e.drone.airborne()) {
            LOG.warn("{}: found down in bay {} while {}: its autopilot brought it home", e.drone.name(), e.bay,
                    SortieMachine.name(s));
            fire(e, new SeenDocked());
            nestQueue.removeIf(w -> w instanceof LandWork l && l.entry() == e);
            secureDocked(e);
            return;
        }
        if (flying && ("RTL".equals(e.drone.mode()) || "LAND".equals(e.drone.mode()))) {
            recall(e, "its autopilot switched to " + e.drone.mode() + " (a failsafe)");
            return;
        }
        if (s instanceof Faulted && e.bayOccupiedTicks >= DOCKED_TICKS && !e.drone.airborne()) {
            fire(e, new SeenDocked());
            secureDocked(e);
            return;
        }
        if (s instanceof Patrolling p && !p.onStation() && e.route != null && e.drone.missionIndex() > e.route.firstWaypointItem()) {
            String there = drones.values().stream().filter(o -> o != e && o.state instanceof Patrolling q && q.onStation()
                    && q.route().equals(p.route())).map(o -> o.drone.name()).findFirst().orElse(null);
            fire(e, new OnStation());
            if (relay != null && relay.route().id().equals(p.route())) {
                RelayFigures.HandOff h = figures.arrived(clock.now(), e.drone.name(), there);
                if (h != null) {
                    LOG.info("relay {}: hand-off {} -> {}, gap {} s", p.route(), h.from(), h.to(), h.gap().toMillis() / 1000.0);
                    listener.handOff(p.route(), h.from(), h.to(), h.gap());
                }
                relieveOthers(e);
            }
            return;
        }
        if (onTask(s) && secondsLeft(e) <= 0) {
            recall(e, String.format(Locale.ROOT, "battery %.0f %%: time to turn back", e.drone.batteryPercent()));
        }
    }

    /** Seconds until {@code e} must turn back to land with the reserve; +∞ when not known. */
    double secondsLeft(Entry e) {
        double battery = e.drone.batteryPercent();
        if (Double.isNaN(battery)) {
            return Double.POSITIVE_INFINITY;
        }
        double drain = drain(e, battery);
        double home = this.home == null ? 0.0 : e.drone.position().map(p -> this.home.distanceTo(p)).orElse(0.0);
        double wayHome = (home / settings.flight().cruiseSpeed() + LANDING_S) * drain;
        return (battery - wayHome - settings.flight().returnReservePercent()) / drain;
    }

    /** %/s: measured over this flight once it has flown two minutes, never less than nominal. */
    private double drain(Entry e, double battery) {
        double nominal = settings.flight().drainPerSecond();
        if (e.firstAt == null || Double.isNaN(e.firstBattery)) {
            return nominal;
        }
        double s = Duration.between(e.firstAt, clock.now()).toMillis() / 1000.0;
        return s < 120 ? nominal : Math.max(nominal, (e.firstBattery - battery) / s);
    }

    private void relayTick(Instant now, NestView nv) {
        PatrolRoute route = relay.route();
        if (!(nv.weather() instanceof WeatherGate.Go)) {
            return;   // held: no launch (the recall, if any, was handled above)
        }
        List<Entry> onRoute = drones.values().stream().filter(e -> e.state instanceof Patrolling p
                && p.route().equals(route.id())).toList();
        boolean coming = drones.values().stream().anyMatch(e -> e.state instanceof Launching
                || (e.state instanceof Hovering && e.route == route)
                || (e.state instanceof Patrolling p && p.route().equals(route.id()) && !p.onStation()));
        if (coming) {
            return;
        }
        double lead = settings.flight().relayLead().toSeconds() + farthest(route) / route.speedMs();
        double soonest = onRoute.stream().mapToDouble(this::secondsLeft).min().orElse(Double.NEGATIVE_INFINITY);
        if (soonest > lead) {
            return;
        }
        Entry next = nextToLaunch(nv, now);
        if (next == null) {
            return;
        }
        LOG.info("relay {}: launching {} ({} %), the drone on station has {} s", route.id(), next.drone.name(),
                Math.round(bayBattery(nv, next)), soonest == Double.NEGATIVE_INFINITY ? "none" : Math.round(soonest));
        next.route = route;
        enqueueLaunch(next, new CompletableFuture<>(), () -> {
            if (relay != null && relay.route() == route && next.state instanceof Hovering) {
                startPatrol(next, route, joinPoint(route));
            }
        });
    }

    /** The way out to the route's farthest waypoint, m; before the site is known, the route's own span. */
    private double farthest(PatrolRoute route) {
        GeoPoint from = home != null ? home : route.route().waypoints().get(0).point();
        return route.farthestFrom(from);
    }

    /** The waypoint the drone on the route is heading to, 0 when none is. */
    private int joinPoint(PatrolRoute route) {
        for (Entry e : drones.values()) {
            if (e.state instanceof Patrolling p && p.route().equals(route.id()) && p.onStation() && e.route != null) {
                int w = route.waypointAt(e.joinedAt, e.drone.missionIndex());
                if (w >= 0) {
                    return w;
                }
            }
        }
        return 0;
    }

    private void relieveOthers(Entry arrived) {
        for (Entry e : drones.values()) {
            if (e != arrived && e.state instanceof Patrolling p && p.route().equals(relay.route().id())) {
                recall(e, "relieved by " + arrived.drone.name());
            }
        }
    }

    private Entry nextToLaunch(NestView nv, Instant now) {
        return drones.values().stream()
                .filter(e -> e.state instanceof Docked)
                .filter(e -> bayHeldUntil.getOrDefault(e.bay, Instant.MIN).isBefore(now))
                .filter(e -> bay(nv, e.bay).occupied() && bayBattery(nv, e) >= settings.launch().batteryFloorPercent())
                .max(Comparator.comparingDouble(e -> bayBattery(nv, e)))
                .orElse(null);
    }

    private static double bayBattery(NestView nv, Entry e) {
        int b = bay(nv, e.bay).batteryPercent();
        return b == BayView.UNKNOWN ? -1 : b;
    }

    private static BayView bay(NestView nv, int bay) {
        return nv.bays().get(bay - 1);
    }

    // ------------------------------------------------------------------ figures

    private void account() {
        if (figures == null) {
            return;
        }
        boolean covered = relay != null && drones.values().stream().anyMatch(e -> e.state instanceof Patrolling p
                && p.onStation() && p.route().equals(relay.route().id()));
        boolean held = !(nest.view().weather() instanceof WeatherGate.Go);
        figures.observe(clock.now(), covered, held);
        publish();
    }

    private void publish() {
        Map<String, State> s = new LinkedHashMap<>();
        drones.forEach((n, e) -> s.put(n, e.state));
        view = new View(Map.copyOf(s), Optional.ofNullable(relay).map(r -> r.route().id()),
                figures == null ? RelayFigures.NONE : figures.snapshot(clock.now()), Optional.ofNullable(held),
                Optional.ofNullable(lastDispatch));
    }

    @Override
    public void close() {
        ticker.cancel();
        inbox.close();
    }
}

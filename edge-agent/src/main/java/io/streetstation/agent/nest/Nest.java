package io.streetstation.agent.nest;

import io.streetstation.agent.actor.Failures;
import io.streetstation.agent.actor.Inbox;
import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The nest's actor: one inbox, one writer. The controller's reports, the weather, the E-stop, the
 * corridor and requests to move the roof all become events here, in order; the roof's
 * {@link RoofMachine} decides, the {@link Interlocks} guard, and the actions go to the
 * {@link Controller} port. Deadlines and the weather re-check run on the station clock, so a test
 * (or the rig at ×60) runs minutes of roof motion in no time.
 *
 * <p>A roof request completes when the roof rests where it was asked to ({@link Done}), or as soon
 * as it cannot: {@link Refused} by the interlocks (nothing moved), or {@link Failed} with the reason
 * (rejected in this state, stopped by an E-stop, a drone in the corridor or the controller, a fault,
 * superseded by a newer request). Every input method may be called from any thread.
 */
public final class Nest implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("nest");
    /** How often the weather decision is taken again without a new reading (staleness, clearing). */
    static final Duration WEATHER_RECHECK = Duration.ofSeconds(5);

    /** The nest controller as the nest needs it; the device layer implements it over the station frame protocol. */
    public interface Controller {
        /** Sends a roof motor command; completes when the controller takes it (ACK: started), fails with its refusal. */
        CompletionStage<Void> roof(RoofMotion motion);

        /** Asks the controller to report its state now. */
        void requestStatus();

        /** Sends a bay command; completes when the controller takes it (ACK: started), fails with its refusal. */
        CompletionStage<Void> bay(int bay, BayAction action);

        /** Latches the controller's E-stop (every motor stops) for a button it cannot see; completes on its ACK. */
        CompletionStage<Void> estop();

        /** Clears the controller's E-stop latch; fails with its refusal (a button still pressed). */
        CompletionStage<Void> estopReset();
    }

    public enum RoofMotion { OPEN, CLOSE, STOP }

    /**
     * What a bay can be told. The stops (charge stop, drone power off) are never refused; the
     * others pass the interlocks as the {@link Actuation} of the same name.
     */
    public enum BayAction {
        CENTRING_RELEASE, CENTRING_CLAMP, CHARGE_START, CHARGE_STOP, DRONE_POWER_ON, DRONE_POWER_OFF;

        /** The interlocks' actuation, empty for the stops. */
        public Optional<Actuation> actuation() {
            return switch (this) {
                case CENTRING_RELEASE -> Optional.of(Actuation.CENTRING_RELEASE);
                case CENTRING_CLAMP -> Optional.of(Actuation.CENTRING_CLAMP);
                case CHARGE_START -> Optional.of(Actuation.CHARGE_START);
                case DRONE_POWER_ON -> Optional.of(Actuation.DRONE_POWER_ON);
                case CHARGE_STOP, DRONE_POWER_OFF -> Optional.empty();
            };
        }

        /** The bay reports what was asked. */
        boolean reached(BayView b) {
            return switch (this) {
                case CENTRING_RELEASE -> b.centring() == BayView.Centring.RELEASED;
                case CENTRING_CLAMP -> b.centring() == BayView.Centring.CLAMPED;
                // FULL counts only with a full battery: a charger still saying FULL over a drone back at 45 % is stale
                case CHARGE_START -> b.charger() == BayView.Charger.CHARGING || (b.charger() == BayView.Charger.FULL
                        && b.batteryPercent() != BayView.UNKNOWN && b.batteryPercent() >= 95);
                case CHARGE_STOP -> b.charger() != BayView.Charger.CHARGING;
                case DRONE_POWER_ON -> b.dronePower();
                case DRONE_POWER_OFF -> !b.dronePower();
            };
        }

        /** The bay reports it cannot get there: why, else empty. */
        Optional<String> failed(BayView b) {
            return switch (this) {
                case CENTRING_RELEASE, CENTRING_CLAMP -> b.centring() == BayView.Centring.FAULT
                        ? Optional.of("bay " + b.bay() + ": centring bars faulted") : Optional.empty();
                case CHARGE_START -> b.charger() == BayView.Charger.FAULT || b.charger() == BayView.Charger.REFUSED
                        ? Optional.of("bay " + b.bay() + ": charger " + b.charger().name().toLowerCase(java.util.Locale.ROOT))
                        : Optional.empty();
                default -> Optional.empty();
            };
        }
    }

    /** What the nest tells the rest of the station: state changes and alarms, on the nest's thread (hand over, never wait). */
    public interface Listener {
        default void roofChanged(RoofMachine.State from, RoofMachine.State to) {
        }

        default void weatherChanged(WeatherGate.Decision decision) {
        }

        /** The E-stop came into force or was cleared (from either source). */
        default void estopChanged(NestView.EStop estop) {
        }

        /** Something a person must know: a fault, a stop, an interlock breach. */
        default void alarm(String text) {
        }
    }

    /** A request's outcome (roof or bay). */
    public sealed interface Result {
    }

    /** The roof rests where it was asked to. */
    public record Done(RoofMachine.State state) implements Result {
    }

    /** The bay reports what it was asked to do. */
    public record BayDone(BayView bay) implements Result {
    }

    /** The interlocks forbid it now; nothing moved. */
    public record Refused(List<Refusal> refusals) implements Result {
    }

    /** It did not happen, and why. */
    public record Failed(String reason) implements Result {
    }

    private final OperationsSettings settings;
    private final Controller controller;
    private final StationClock clock;
    private final Listener listener;
    private final Inbox inbox;
    private final WeatherGate gate;
    private final StationClock.Timer recheck;
    private volatile NestView view;
    private StationClock.Timer deadline;
    private Pending pending;
    private List<String> breaches = List.of();
    /** The controller's own E-stop as it last reported it. */
    private NestView.EStop controllerEStop = NestView.EStop.CLEAR;
    /** The board's E-stop button, latched here. */
    private BoardEStop board = BoardEStop.CLEAR;
    static final String BOARD_BUTTON = "board button";

    private record Pending(RoofMotion motion, CompletableFuture<Result> result, IntConsumer progress) {
    }

    /** A bay command waiting for the bay to report it done. */
    private record BayWait(int bay, BayAction action, CompletableFuture<Result> result, StationClock.Timer deadline) {
    }

    private final List<BayWait> bayWaits = new ArrayList<>();

    /**
     * @param executor runs the inbox; a single thread in the station, the caller's thread in tests
     *     (events posted while one is handled wait their turn either way)
     */
    public Nest(OperationsSettings settings, Controller controller, StationClock clock, Listener listener, Executor executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.controller = Objects.requireNonNull(controller, "controller");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.inbox = new Inbox("nest", executor);
        this.gate = new WeatherGate(settings.weather());
        List<BayView> bays = new ArrayList<>();
        for (int b = 1; b <= 4; b++) {
            bays.add(BayView.empty(b).withBattery(BayView.UNKNOWN));
        }
        this.view = new NestView(new RoofMachine.Unknown(), NestView.EStop.CLEAR, false, gate.decide(clock.now()), bays,
                Optional.empty(), settings.launch().batteryFloorPercent());
        this.recheck = clock.scheduleAtFixedRate(WEATHER_RECHECK, WEATHER_RECHECK, () -> post(this::recheckWeather));
    }

    /** The nest as it stands; a snapshot, safe from any thread. */
    public NestView view() {
        return view;
    }

    // ---- requests

    /** Open the roof; {@code percent} hears the controller's progress reports (0..100) on the nest's thread. */
    public CompletionStage<Result> openRoof(IntConsumer percent) {
        return request(RoofMotion.OPEN, new RoofMachine.OpenRequested(), percent);
    }

    public CompletionStage<Result> closeRoof(IntConsumer percent) {
        return request(RoofMotion.CLOSE, new RoofMachine.CloseRequested(), percent);
    }

    /** Stop the roof: never refused; done once the stop is sent. */
    public CompletionStage<Result> stopRoof() {
        return request(RoofMotion.STOP, new RoofMachine.StopRequested(), p -> { });
    }

    /** Clear a latched roof fault (a technician's act); done once the fault is cleared, the controller is asked for its state. */
    public CompletionStage<Result> resetRoof() {
        CompletableFuture<Result> result = new CompletableFuture<>();
        post(() -> {
            RoofMachine.Transition t = feed(new RoofMachine.ResetRequested());
            result.complete(switch (t) {
                case RoofMachine.Go go -> new Done(go.next());
                case RoofMachine.Rejected r -> new Failed(r.reason());
                case RoofMachine.Refused r -> new Refused(r.refusals());
            });
        });
        return result;
    }

    /**
     * Tells bay {@code bay} to do {@code action}: done at once if the bay already reports it (nothing
     * is sent); refused by the interlocks (nothing sent), failed
     * if the controller refuses or the bay does not report it done within {@code within} (station
     * time) or reports a fault; done when the bay reports it.
     */
    public CompletionStage<Result> bay(int bay, BayAction action, Duration within) {
        if (bay < 1 || bay > 4) {
            throw new IllegalArgumentException("bay must be 1..4, was " + bay);
        }
        CompletableFuture<Result> result = new CompletableFuture<>();
        post(() -> {
            if (action.reached(view.bay(bay)) && view.controllerOnline()) {
                result.complete(new BayDone(view.bay(bay)));   // already so: nothing moves, nothing to refuse
                return;
            }
            List<Refusal> refusals = action.actuation().map(a -> Interlocks.check(Interlocks.Request.bay(a, bay), view))
                    .orElse(List.of());
            if (!refusals.isEmpty()) {
                LOG.info("nest: bay {} {} refused: {}", bay, action, refusals);
                result.complete(new Refused(refusals));
                return;
            }
            BayWait wait = new BayWait(bay, action, result, clock.schedule(within, () -> post(() -> {
                if (bayWaits.removeIf(w -> w.result() == result)) {
                    result.complete(new Failed("bay " + bay + ": " + lower(action) + " not reported done within "
                            + within.toSeconds() + " s (" + describe(view.bay(bay)) + ")"));
                }
            })));
            bayWaits.add(wait);
            CompletionStage<Void> sent = ask(() -> controller.bay(bay, action));
            sent.whenComplete((ok, ex) -> {
                if (ex != null) {
                    post(() -> {
                        if (bayWaits.remove(wait)) {
                            wait.deadline().cancel();
                            result.complete(new Failed("bay " + bay + ": the controller refused to "
                                    + lower(action).replace('_', ' ') + ": " + Failures.reason(ex)));
                        }
                    });
                }
            });
        });
        return result;
    }

    /**
     * Completes when bay {@code bay} reports a state that {@code condition} accepts (at once if it
     * does now). No deadline of its own: the caller's step has one; cancelling the returned future
     * forgets the wait.
     */
    public CompletionStage<BayView> awaitBay(int bay, java.util.function.Predicate<BayView> condition) {
        CompletableFuture<BayView> f = new CompletableFuture<>();
        post(() -> {
            if (condition.test(view.bay(bay))) {
                f.complete(view.bay(bay));
            } else {
                bayWatches.add(new BayWatch(bay, condition, f));
            }
        });
        return f;
    }

    private record BayWatch(int bay, java.util.function.Predicate<BayView> condition, CompletableFuture<BayView> result) {
    }

    private final List<BayWatch> bayWatches = new ArrayList<>();

    private void settleBays() {
        bayWatches.removeIf(w -> w.result().isDone());
        for (BayWatch w : List.copyOf(bayWatches)) {
            if (w.condition().test(view.bay(w.bay()))) {
                bayWatches.remove(w);
                w.result().complete(view.bay(w.bay()));
            }
        }
        for (BayWait w : List.copyOf(bayWaits)) {
            BayView b = view.bay(w.bay());
            Optional<String> failed = w.action().failed(b);
            if (w.action().reached(b) || failed.isPresent()) {
                bayWaits.remove(w);
                w.deadline().cancel();
                w.result().complete(failed.<Result>map(Failed::new).orElse(new BayDone(b)));
            }
        }
    }

    private static String lower(BayAction a) {
        return a.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(BayView b) {
        return "centring " + b.centring().name().toLowerCase(java.util.Locale.ROOT) + ", charger "
                + b.charger().name().toLowerCase(java.util.Locale.ROOT) + ", drone power " + (b.dronePower() ? "on" : "off");
    }

    private CompletionStage<Result> request(RoofMotion motion, RoofMachine.Event event, IntConsumer progress) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        post(() -> {
            RoofMachine.Transition t = feed(event);
            switch (t) {
                case RoofMachine.Refused r -> result.complete(new Refused(r.refusals()));
                case RoofMachine.Rejected r -> result.complete(new Failed(r.reason()));
                case RoofMachine.Go go -> {
                    if (motion == RoofMotion.STOP) {
                        settle();   // an open or close underway ends: the roof is stopped
                        result.complete(new Done(go.next()));
                    } else {
                        if (pending != null && pending.motion() != motion) {
                            pending.result().complete(new Failed("superseded by a request to "
                                    + motion.name().toLowerCase(java.util.Locale.ROOT)));
                            pending = null;
                        }
                        if (pending != null) {
                            // the same request again while it runs: both hear the same outcome
                            CompletableFuture<Result> first = pending.result();
                            first.whenComplete((r, ex) -> result.complete(r));
                        } else {
                            pending = new Pending(motion, result, progress);
                        }
                        settle();
                    }
                }
            }
        });
        return result;
    }

    // ---- what the controller and the station report

    public void roofReported(RoofMachine.Reported r) {
        post(() -> {
            feed(r);
            settle();
            if (pending != null && (r.phase() == RoofMachine.Phase.OPENING || r.phase() == RoofMachine.Phase.CLOSING)) {
                pending.progress().accept(pending.motion() == RoofMotion.OPEN ? r.positionPercent() : 100 - r.positionPercent());
            }
        });
    }

    public void bayReported(BayView b) {
        post(() -> {
            setView(view.withBay(b));
            settleBays();
        });
    }

    public void weatherReported(WeatherReading r) {
        post(() -> weatherDecided(gate.update(r)));
    }

    /**
     * The board's backup rain sensor (GPIO input {@code rain-backup}) is wet or dry: wet holds
     * launches whatever the weather station reads ({@link WeatherGate#backupRain}).
     */
    public void rainBackup(boolean wet) {
        post(() -> {
            if (wet != gate.backupWet()) {
                LOG.info("nest: backup rain sensor {}", wet ? "wet" : "dry");
            }
            weatherDecided(gate.backupRain(wet, clock.now()));
        });
    }

    /** The E-stop as the controller reports it (pressed or latched there); becoming active stops the roof at once. */
    public void estopReported(boolean active, String source) {
        post(() -> {
            controllerEStop = active ? new NestView.EStop(true, source) : NestView.EStop.CLEAR;
            updateEStop();
        });
    }

    /**
     * The board's E-stop input (pressed or released): pressing stops the roof at once, latches the
     * controller's E-stop too (ESTOP_TRIGGER, so the bars stop as well) and stays in force after
     * the release until {@link #resetEStop}.
     */
    public void boardEStop(boolean pressed) {
        post(() -> {
            BoardEStop before = board;
            board = before.step(pressed ? BoardEStop.Event.PRESSED : BoardEStop.Event.RELEASED).orElseThrow();
            if (board != before) {
                LOG.warn("nest: board E-stop {} → {}", before, board);
            }
            if (board == BoardEStop.HELD && before != BoardEStop.HELD) {
                triggerController();
            }
            updateEStop();
        });
    }

    /**
     * Clears the E-stop (a technician's act): refused while the board's button is held; otherwise
     * ESTOP_RESET to the controller (which refuses it while one of its buttons is held), and once
     * it takes it the board's latch clears too. Done when the reset is taken; the controller's
     * next report clears its part of the view. Nothing moves because of a reset.
     */
    public CompletionStage<Result> resetEStop() {
        CompletableFuture<Result> result = new CompletableFuture<>();
        post(() -> {
            if (board.step(BoardEStop.Event.RESET_REQUESTED).isEmpty()) {
                LOG.info("nest: E-stop reset refused: {}", BoardEStop.STILL_PRESSED);
                result.complete(new Failed(BoardEStop.STILL_PRESSED));
                return;
            }
            CompletionStage<Void> sent = ask(controller::estopReset);
            sent.whenComplete((ok, ex) -> post(() -> {
                if (ex != null) {
                    result.complete(new Failed("the nest controller refused the E-stop reset: " + Failures.reason(ex)));
                    return;
                }
                Optional<BoardEStop> next = board.step(BoardEStop.Event.RESET_REQUESTED);
                if (next.isEmpty()) {   // pressed again while the reset travelled
                    result.complete(new Failed(BoardEStop.STILL_PRESSED));
                    triggerController();
                    return;
                }
                if (next.get() != board) {
                    LOG.info("nest: board E-stop {} → {} (reset)", board, next.get());
                }
                board = next.get();
                updateEStop();
                controller.requestStatus();
                result.complete(new Done(view.roof()));
            }));
        });
        return result;
    }

    public void controllerOnline(boolean online) {
        post(() -> {
            boolean was = view.controllerOnline();
            setView(view.withControllerOnline(online));
            if (online && !was && board.active()) {
                triggerController();   // a controller that restarted has forgotten the latch the board asked for
            }
        });
    }

    /** The view's E-stop from both sources; becoming active stops the roof at once. */
    private void updateEStop() {
        boolean was = view.estop().active();
        NestView.EStop now;
        if (board.active() && controllerEStop.active()) {
            now = new NestView.EStop(true, BOARD_BUTTON + " and " + controllerEStop.source());
        } else if (board.active()) {
            now = new NestView.EStop(true, BOARD_BUTTON);
        } else {
            now = controllerEStop;
        }
        NestView.EStop before = view.estop();
        setView(view.withEStop(now));
        if (!now.equals(before)) {
            listener.estopChanged(now);
        }
        if (now.active() && !was) {
            LOG.warn("nest: E-stop ({}) — stopping all motion", now.source());
            feed(new RoofMachine.EStopped(now.source()));
            settle();
        }
    }

    private void triggerController() {
        CompletionStage<Void> sent = ask(controller::estop);
        sent.whenComplete((ok, ex) -> {
            if (ex != null) {
                String why = Failures.reason(ex);
                post(() -> {
                    LOG.error("nest: the controller did not take the board's E-stop: {}", why);
                    listener.alarm("the nest controller did not take the board's E-stop (" + why
                            + "): only the roof STOP and the agent's interlocks hold the nest");
                });
            }
        });
    }

    /**
     * If the drone of {@code bay} may launch now, it enters the launch corridor (from this moment
     * the roof will not close) and the result is empty; otherwise nothing changes and the result
     * is every refusal. Check and entry are one step on the nest's thread, so nothing can slip in
     * between them.
     */
    public CompletionStage<List<Refusal>> enterCorridorForLaunch(int bay, String drone) {
        return enterCorridor(Actuation.LAUNCH, bay, drone);
    }

    /** Every refusal a launch of the drone of {@code bay} meets right now (empty: it could go), changing nothing. */
    public CompletionStage<List<Refusal>> checkLaunch(int bay, String drone) {
        CompletableFuture<List<Refusal>> result = new CompletableFuture<>();
        post(() -> result.complete(Interlocks.check(Interlocks.Request.drone(Actuation.LAUNCH, bay, drone), view)));
        return result;
    }

    /** As {@link #enterCorridorForLaunch}, for a landing into {@code bay} (the landing interlocks). */
    public CompletionStage<List<Refusal>> enterCorridorForLanding(int bay, String drone) {
        return enterCorridor(Actuation.LAND, bay, drone);
    }

    private CompletionStage<List<Refusal>> enterCorridor(Actuation a, int bay, String drone) {
        CompletableFuture<List<Refusal>> result = new CompletableFuture<>();
        post(() -> {
            List<Refusal> refusals = Interlocks.check(Interlocks.Request.drone(a, bay, drone), view);
            if (refusals.isEmpty()) {
                LOG.info("nest: {} enters the corridor to {} bay {}", drone, a == Actuation.LAUNCH ? "launch from" : "land in", bay);
                Optional<String> before = view.corridor();
                setView(view.withCorridor(Optional.of(drone)));
                if (!before.equals(view.corridor())) {
                    feed(new RoofMachine.CorridorEntered(drone));
                    settle();
                }
            } else {
                LOG.info("nest: {} of {} at bay {} refused: {}", a.word(), drone, bay, refusals);
            }
            result.complete(refusals);
        });
        return result;
    }

    /** The drone now in the launch/landing corridor (empty: none); one entering while the roof closes stops it. */
    public void corridor(Optional<String> drone) {
        post(() -> {
            Optional<String> before = view.corridor();
            setView(view.withCorridor(drone));
            if (drone.isPresent() && !drone.equals(before)) {
                feed(new RoofMachine.CorridorEntered(drone.get()));
                settle();
            }
        });
    }

    @Override
    public void close() {
        post(() -> {
            inbox.close();
            recheck.cancel();
            cancelDeadline();
            if (pending != null) {
                pending.result().complete(new Failed("the nest is shutting down"));
                pending = null;
            }
            for (BayWait w : bayWaits) {
                w.deadline().cancel();
                w.result().complete(new Failed("the nest is shutting down"));
            }
            bayWaits.clear();
        });
    }

    // ---- the nest's thread

    private void recheckWeather() {
        weatherDecided(gate.decide(clock.now()));
    }

    /** The gate's decision {@code now} into the view, and to the listener when it changed. */
    private void weatherDecided(WeatherGate.Decision now) {
        if (!now.equals(view.weather())) {
            setView(view.withWeather(now));
            listener.weatherChanged(now);
        }
    }

    /** One event into the roof machine; a legal transition's actions are carried out here (callers then {@link #settle}). */
    private RoofMachine.Transition feed(RoofMachine.Event e) {
        RoofMachine.State before = view.roof();
        RoofMachine.Context ctx = new RoofMachine.Context(settings.roof(), a -> Interlocks.check(Interlocks.Request.roof(a), view));
        RoofMachine.Transition t = RoofMachine.step(before, e, ctx);
        switch (t) {
            case RoofMachine.Go go -> {
                setView(view.withRoof(go.next()));
                for (RoofMachine.Action a : go.actions()) {
                    act(a);
                }
                if (!go.next().equals(before)) {
                    if (!sameKind(before, go.next())) {
                        LOG.info("nest: roof {} → {} ({})", RoofMachine.describe(before), RoofMachine.describe(go.next()),
                                e.getClass().getSimpleName());
                    }
                    listener.roofChanged(before, go.next());
                }
            }
            case RoofMachine.Refused r -> LOG.info("nest: {} refused: {}", e.getClass().getSimpleName(), r.refusals());
            case RoofMachine.Rejected r -> {
                if (!(e instanceof RoofMachine.TimedOut)) {
                    LOG.info("nest: {} rejected: {}", e.getClass().getSimpleName(), r.reason());
                }
            }
        }
        return t;
    }

    private void act(RoofMachine.Action a) {
        switch (a) {
            case RoofMachine.MotorOpen m -> send(RoofMotion.OPEN);
            case RoofMachine.MotorClose m -> send(RoofMotion.CLOSE);
            case RoofMachine.MotorStop m -> send(RoofMotion.STOP);
            case RoofMachine.RequestStatus r -> controller.requestStatus();
            case RoofMachine.StartDeadline d -> {
                cancelDeadline();
                StationClock.Timer[] mine = new StationClock.Timer[1];
                mine[0] = clock.schedule(d.after(), () -> post(() -> {
                    if (deadline != mine[0]) {
                        return;   // cancelled or replaced after it fired: not this motion's deadline
                    }
                    deadline = null;
                    feed(new RoofMachine.TimedOut());
                    settle();
                }));
                deadline = mine[0];
            }
            case RoofMachine.CancelDeadline c -> cancelDeadline();
            case RoofMachine.Alarm alarm -> {
                LOG.error("nest: {}", alarm.text());
                listener.alarm(alarm.text());
            }
        }
    }

    private void send(RoofMotion motion) {
        CompletionStage<Void> sent = ask(() -> controller.roof(motion));
        sent.whenComplete((ok, ex) -> {
            if (ex != null) {
                String reason = Failures.reason(ex);
                post(() -> {
                    if (motion == RoofMotion.STOP) {
                        listener.alarm("the nest controller did not take a roof STOP: " + reason);
                        LOG.error("nest: roof STOP not taken: {}", reason);
                    } else {
                        feed(new RoofMachine.ControllerRefused(reason));
                        settle();
                    }
                });
            }
        });
    }

    /** Completes the pending request if the roof now rests where asked, or cannot get there. */
    private void settle() {
        if (pending == null) {
            return;
        }
        RoofMachine.State s = view.roof();
        boolean arrived = pending.motion() == RoofMotion.OPEN ? s instanceof RoofMachine.Open : s instanceof RoofMachine.Closed;
        boolean underway = pending.motion() == RoofMotion.OPEN ? s instanceof RoofMachine.Opening : s instanceof RoofMachine.Closing;
        if (arrived) {
            pending.result().complete(new Done(s));
            pending = null;
        } else if (!underway) {
            pending.result().complete(new Failed("the roof is " + RoofMachine.describe(s)));
            pending = null;
        }
    }

    private void setView(NestView v) {
        view = v;
        List<String> now = Interlocks.breaches(v);
        if (!now.equals(breaches)) {
            for (String b : now) {
                if (!breaches.contains(b)) {
                    LOG.error("nest: interlock breach: {}", b);
                    listener.alarm("interlock breach: " + b);
                }
            }
            breaches = now;
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    /** A call to the controller port: one that throws instead of failing its future fails the future, the same way. */
    private static CompletionStage<Void> ask(java.util.function.Supplier<CompletionStage<Void>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void post(Runnable r) {
        inbox.post(r);
    }

    private static boolean sameKind(RoofMachine.State a, RoofMachine.State b) {
        return a.getClass() == b.getClass();
    }
}

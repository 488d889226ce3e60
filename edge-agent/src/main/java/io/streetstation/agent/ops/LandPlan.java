package io.streetstation.agent.ops;

import io.streetstation.agent.actor.Failures;
import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.Refusal;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code land(drone → bay)}: the roof open, the corridor entered under the landing interlocks (bay
 * empty, sensors agreeing, bars released, no other drone in the corridor, no E-stop — never the
 * weather: a drone in the air must come down), the drone brought home until it is down and
 * disarmed on the bay; then the bars clamp it on its contacts and the corridor is free; then the
 * roof closes while the bay powers the drone off and starts charging.
 *
 * <pre>
 * stage 1   open roof
 * stage 2   enter the corridor
 * stage 3   land on bay N (return to launch, down and disarmed, both presence sensors within 5 s;
 *           down but not on the bay — a missed precision landing — take off to 10 m and try again,
 *           up to operations.land.attempts in all)
 * stage 4   clamp bay N
 * stage 5   close roof (unless another drone still has to come in)  ║  charge drone-N (power off, charge start)
 * safe      missed every time: take off again and land on the alternate point
 *           (operations.land.alternate), or, with none, stay down where it is, disarmed;
 *           otherwise leave the drone to its autopilot's landing (it keeps its RTL); nothing
 *           closes on it
 * </pre>
 */
public final class LandPlan {

    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final org.tinylog.TaggedLogger LOG = org.tinylog.Logger.tag("job");

    private LandPlan() {
    }

    private static final String OPEN_ROOF = "open roof";
    private static final String ENTER = "enter the corridor";

    /**
     * True for the steps before the drone is told to come down (the roof, the corridor's
     * interlocks): a landing that failed there left the drone where it was, still to land.
     */
    static boolean beforeDescent(String step) {
        return step.equals(OPEN_ROOF) || step.equals(ENTER);
    }

    /** A drone down for this long without both bay sensors seeing it missed the bay. */
    static final Duration SENSORS_WITHIN = Duration.ofSeconds(5);
    /** A retry climbs this high above the nest before returning again, m. */
    static final double RETRY_ALTITUDE_M = 10;

    /** @param landDeadline from the return command to down on the bay, station time (approach and retries included) */
    public static Plan of(String id, int bay, DronePort drone, Nest nest, OperationsSettings settings, Duration landDeadline,
                          StationClock clock) {
        return of(id, bay, drone, nest, settings, landDeadline, clock, () -> false);
    }

    /**
     * @param keepRoofOpen asked when the roof would close: true while another drone still has to come
     *     in through it (recalled, landing, or lost and flying home on its autopilot's failsafe)
     */
    public static Plan of(String id, int bay, DronePort drone, Nest nest, OperationsSettings settings, Duration landDeadline,
                          StationClock clock, java.util.function.BooleanSupplier keepRoofOpen) {
        int attempts = settings.land().attempts();
        boolean[] missedAll = {false};
        OperationsSettings.Launch l = settings.launch();
        String d = drone.name();
        Step openRoof = new Step(OPEN_ROOF, settings.roof().openDeadline().plus(SLACK),
                () -> LaunchPlan.expect(nest.openRoof(p -> { }), "open roof"));
        Step enter = new Step(ENTER, SLACK, () -> nest.enterCorridorForLanding(bay, d).thenAccept(refusals -> {
            if (!refusals.isEmpty()) {
                throw new Step.StepFailedException("interlocks: " + Refusal.join(refusals));
            }
        }));
        Step land = new Step("land on bay " + bay, landDeadline, () -> attempt(1, attempts, bay, drone, nest, clock)
                .whenComplete((ok, x) -> missedAll[0] = x != null && Failures.reason(x).startsWith(d + " missed bay")));
        Step clamp = new Step("clamp bay " + bay, l.centringDeadline().plus(SLACK),
                () -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.CENTRING_CLAMP, l.centringDeadline()), "clamp")
                        .thenRun(() -> nest.corridor(Optional.empty())));
        Step close = new Step("close roof", settings.roof().closeDeadline().plus(SLACK), () -> {
            if (keepRoofOpen.getAsBoolean()) {
                LOG.info("{}: roof left open: another drone still comes in through it", id);
                return CompletableFuture.completedFuture(null);
            }
            return LaunchPlan.expect(nest.closeRoof(p -> { }), "close roof");
        });
        Step charge = new Step("charge " + d, SLACK.plus(SLACK),
                () -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.DRONE_POWER_OFF, SLACK), "power off " + d)
                        .thenCompose(x -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.CHARGE_START, SLACK), "charge")));
        Step alternate = new Step("land on the alternate point", Duration.ofMinutes(3), () -> {
            if (!missedAll[0]) {
                return CompletableFuture.completedFuture(null);   // not a miss: the autopilot's landing goes on
            }
            if (settings.land().alternate().isEmpty()) {
                return CompletableFuture.failedFuture(new Step.StepFailedException(d + " missed bay " + bay + " " + attempts
                        + " times and no alternate point is configured (operations.land.alternate): it stays down where it "
                        + "is, disarmed; a technician must move it"));
            }
            OperationsSettings.Point a = settings.land().alternate().get();
            GeoPoint at = new GeoPoint(a.lat(), a.lon());
            return drone.takeOff(RETRY_ALTITUDE_M)
                    .thenCompose(x -> drone.reach(RETRY_ALTITUDE_M - 1))
                    .thenRun(() -> nest.corridor(Optional.empty()))
                    .thenCompose(x -> drone.goTo(at, RETRY_ALTITUDE_M, settings.flight().cruiseSpeed()))
                    .thenCompose(x -> drone.arrive(at, 2))
                    .thenCompose(x -> drone.land())
                    .thenCompose(x -> drone.landed());
        });
        return new Plan(id, "land", List.of(List.of(openRoof), List.of(enter), List.of(land), List.of(clamp),
                List.of(close, charge)), List.of(alternate));
    }

    /**
     * Landing attempt {@code n} of {@code of}: home, down, then both bay sensors within 5 s — or a
     * miss: up again and the next attempt, or, after the last, failed with the count.
     */
    private static CompletionStage<Void> attempt(int n, int of, int bay, DronePort drone, Nest nest, StationClock clock) {
        return drone.returnToLaunch()
                .thenCompose(x -> drone.landed())
                .thenCompose(x -> onBay(bay, nest, clock))
                .thenCompose(on -> {
                    if (on) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    LOG.warn("{}: missed bay {} (landing {} of {})", drone.name(), bay, n, of);
                    if (n >= of) {
                        return CompletableFuture.<Void>failedFuture(new Step.StepFailedException(drone.name() + " missed bay "
                                + bay + " " + of + " times (down, but not on both presence sensors)"));
                    }
                    return drone.takeOff(RETRY_ALTITUDE_M)
                            .thenCompose(x -> drone.reach(RETRY_ALTITUDE_M - 1))
                            .thenCompose(x -> attempt(n + 1, of, bay, drone, nest, clock));
                });
    }

    /** True once both sensors see the drone, false if they do not within {@link #SENSORS_WITHIN}. */
    private static CompletionStage<Boolean> onBay(int bay, Nest nest, StationClock clock) {
        CompletableFuture<Boolean> r = new CompletableFuture<>();
        nest.awaitBay(bay, b -> b.occupied()).thenRun(() -> r.complete(true));
        StationClock.Timer t = clock.scheduleOffTimer(SENSORS_WITHIN, () -> r.complete(false));
        r.whenComplete((ok, x) -> t.cancel());
        return r;
    }
}

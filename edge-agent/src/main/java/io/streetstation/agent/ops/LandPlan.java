package io.streetstation.agent.ops;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
 * stage 3   land on bay N (return to launch, down and disarmed, both presence sensors)
 * stage 4   clamp bay N
 * stage 5   close roof  ║  charge drone-N (power off, charge start)
 * safe      leave the drone to its autopilot's landing (it keeps its RTL); nothing closes on it
 * </pre>
 */
public final class LandPlan {

    private static final Duration SLACK = Duration.ofSeconds(5);

    private LandPlan() {
    }

    /** @param landDeadline from the return command to down on the bay, station time (approach included) */
    public static Plan of(String id, int bay, DronePort drone, Nest nest, OperationsSettings settings, Duration landDeadline) {
        OperationsSettings.Launch l = settings.launch();
        String d = drone.name();
        Step openRoof = new Step("open roof", settings.roof().openDeadline().plus(SLACK),
                () -> LaunchPlan.expect(nest.openRoof(p -> { }), "open roof"));
        Step enter = new Step("enter the corridor", SLACK, () -> nest.enterCorridorForLanding(bay, d).thenAccept(refusals -> {
            if (!refusals.isEmpty()) {
                throw new Step.StepFailedException("interlocks: " + Refusal.join(refusals));
            }
        }));
        Step land = new Step("land on bay " + bay, landDeadline, () -> drone.returnToLaunch()
                .thenCompose(x -> drone.landed())
                .thenCompose(x -> nest.awaitBay(bay, b -> b.occupied())).thenApply(b -> null));
        Step clamp = new Step("clamp bay " + bay, l.centringDeadline().plus(SLACK),
                () -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.CENTRING_CLAMP, l.centringDeadline()), "clamp")
                        .thenRun(() -> nest.corridor(Optional.empty())));
        Step close = new Step("close roof", settings.roof().closeDeadline().plus(SLACK),
                () -> LaunchPlan.expect(nest.closeRoof(p -> { }), "close roof"));
        Step charge = new Step("charge " + d, SLACK.plus(SLACK),
                () -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.DRONE_POWER_OFF, SLACK), "power off " + d)
                        .thenCompose(x -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.CHARGE_START, SLACK), "charge")));
        return new Plan(id, "land", List.of(List.of(openRoof), List.of(enter), List.of(land), List.of(clamp),
                List.of(close, charge)), List.of());
    }
}

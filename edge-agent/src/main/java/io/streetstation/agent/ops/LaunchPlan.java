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
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * {@code launch(bay)}: what may run together does — the roof opens while the drone boots and runs
 * its checks and the centring bars let go — so the drone is ready when the roof is (18 s); then
 * the take-off, gated by the interlocks at that moment (the drone enters the corridor in the same
 * step); then the climb out of the corridor.
 *
 * <pre>
 * stage 0   check launch conditions (the interlocks, less what the job itself prepares: the roof,
 *           the bars, the drone's power and charge — so nothing opens in rain or under an E-stop)
 * stage 1   open roof  ║  power on and check drone-N, GUIDED mode  ║  release centring bay N
 * stage 2   take off (interlocks, corridor entry, arm, take-off command)
 * stage 3   leave the corridor (above corridor-height; the corridor is free again)
 * safe      secure drone-N (airborne: return to launch; on the ground: power off, clamp)
 *           ║ close roof (unless this or another drone still has to come in through it)
 * </pre>
 */
public final class LaunchPlan {

    /** Slack over each step's own timing for the messages around it. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    /** Refusals the launch job clears itself before its take-off: not a reason to refuse it at the start. */
    static final java.util.Set<String> PREPARED_BY_THE_JOB = java.util.Set.of("roof.not-open", "bay.centring", "drone.unpowered",
            "battery.unknown", "bay.charging");

    private LaunchPlan() {
    }

    public static Plan of(String id, int bay, DronePort drone, Nest nest, OperationsSettings settings) {
        return of(id, bay, drone, nest, settings, () -> false);
    }

    /** @param keepRoofOpen asked before the safe state closes the roof: true while another drone must still come in */
    public static Plan of(String id, int bay, DronePort drone, Nest nest, OperationsSettings settings,
                          java.util.function.BooleanSupplier keepRoofOpen) {
        OperationsSettings.Launch l = settings.launch();
        String d = drone.name();
        Step check = new Step("check launch conditions", SLACK, () -> nest.checkLaunch(bay, d).thenAccept(refusals -> {
            List<Refusal> blocking = refusals.stream().filter(r -> !PREPARED_BY_THE_JOB.contains(r.code())).toList();
            if (!blocking.isEmpty()) {
                throw new Step.StepFailedException("launch conditions: " + Refusal.join(blocking));
            }
        }));
        Step openRoof = new Step("open roof", settings.roof().openDeadline().plus(SLACK),
                () -> expect(nest.openRoof(p -> { }), "open roof"));
        Step powerOn = new Step("power on and check " + d, l.bootDeadline().plus(l.preflightDeadline()).plus(SLACK).plus(SLACK),
                () -> expect(nest.bay(bay, Nest.BayAction.CHARGE_STOP, SLACK), "stop charging " + d)
                        .thenCompose(x -> expect(nest.bay(bay, Nest.BayAction.DRONE_POWER_ON, SLACK), "power on " + d))
                        .thenCompose(x -> drone.awaitHeartbeat(l.bootDeadline()))
                        .thenCompose(x -> drone.preflight(l.batteryFloorPercent()))
                        .thenCompose(x -> drone.guided()));
        Step release = new Step("release centring bay " + bay, l.centringDeadline().plus(SLACK),
                () -> expect(nest.bay(bay, Nest.BayAction.CENTRING_RELEASE, l.centringDeadline()), "release centring"));
        Step takeOff = new Step("take off", Duration.ofSeconds(15),
                () -> nest.enterCorridorForLaunch(bay, d).thenCompose(refusals -> {
                    if (!refusals.isEmpty()) {
                        throw new Step.StepFailedException("interlocks: " + Refusal.join(refusals));
                    }
                    return drone.takeOff(l.takeoffAltitude());
                }));
        Step leave = new Step("leave the corridor", l.takeoffDeadline(),
                () -> drone.reach(l.corridorHeight()).thenRun(() -> nest.corridor(Optional.empty())));

        Step secure = new Step("secure " + d, l.centringDeadline().plus(SLACK).plus(SLACK), () -> {
            if (drone.airborne()) {
                return drone.returnToLaunch();
            }
            return expect(nest.bay(bay, Nest.BayAction.DRONE_POWER_OFF, SLACK), "power off " + d)
                    .thenCompose(x -> expect(nest.bay(bay, Nest.BayAction.CENTRING_CLAMP, l.centringDeadline()), "clamp"));
        });
        Step closeRoof = new Step("close roof", settings.roof().closeDeadline().plus(SLACK), () -> {
            if (drone.airborne() || keepRoofOpen.getAsBoolean()) {
                return CompletableFuture.completedFuture(null);   // left open: a drone comes back through it
            }
            if (nest.view().corridor().equals(Optional.of(d))) {
                nest.corridor(Optional.empty());                 // still on the ground: it never left the bay
            }
            return expect(nest.closeRoof(p -> { }), "close roof");
        });
        return new Plan(id, "launch", List.of(List.of(check), List.of(openRoof, powerOn, release), List.of(takeOff), List.of(leave)),
                List.of(secure, closeRoof));
    }

    /** The nest's answer as a step's: done, or failed with the refusals' or the failure's words. */
    static CompletionStage<Void> expect(CompletionStage<Nest.Result> r, String what) {
        return r.thenApply(result -> switch (result) {
            case Nest.Done done -> null;
            case Nest.BayDone done -> null;
            case Nest.Refused refused -> throw new Step.StepFailedException(what + " refused: " + refused.refusals().stream()
                    .map(Refusal::toString).collect(Collectors.joining("; ")));
            case Nest.Failed failed -> throw new Step.StepFailedException(failed.reason());
        });
    }
}

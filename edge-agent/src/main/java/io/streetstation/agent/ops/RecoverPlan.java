package io.streetstation.agent.ops;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.journal.RecoveryDecision;
import io.streetstation.agent.journal.RecoveryDecision.Action;
import io.streetstation.agent.nest.Nest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code recover}: after a restart, carries out a {@link RecoveryDecision} of the
 * {@link io.streetstation.agent.journal.Reconciler} — only what the hardware did not already
 * report done; the nest itself also skips a bay command whose result the bay already reports.
 *
 * <pre>
 * stage 1   raise the alarms (always: a plan needs a step, and a recovery that only reports is one)
 * stage 2   open roof (if a drone is called home)  ║  secure bay N (power off → clamp → charge, each
 *           only if decided) for every bay
 * stage 3   return drone-N to launch (RTL accepted)  ║  keep drone-N on patrol (nothing sent)
 *           — or, without a roof to open, these run in stage 2 with the bays
 * stage 4   close roof (if every drone is down)
 * stage 5   close the journal's unfinished jobs (only once the station is safe: a recovery that
 *           failed leaves them open, and the next start reconciles them again)
 * safe      none: each step leaves nothing half-done that another would undo; a failure is the
 *           job's outcome, reported like any job's
 * </pre>
 *
 * A drone called home is told RTL and the step ends when the autopilot accepts it; its landing,
 * clamping and charging are a land job's, which the caller runs next (its RTL again is harmless).
 */
public final class RecoverPlan {

    private static final Duration SLACK = Duration.ofSeconds(5);

    private RecoverPlan() {
    }

    /**
     * @param drones the station's drones by name; every drone the decision names must be here
     * @param alarms raises an alarm (the uplink's event, a log line)
     * @param abandon closes a journal job: (job id, reason) — the journal's {@code jobFinished};
     *     may throw, which fails the last step
     */
    public static Plan of(String id, RecoveryDecision decision, Nest nest, Map<String, DronePort> drones,
                          OperationsSettings settings, Consumer<String> alarms, BiConsumer<String, String> abandon) {
        Objects.requireNonNull(decision, "decision");
        OperationsSettings.Launch l = settings.launch();
        List<String> alarmTexts = decision.actions(RecoveryDecision.Alarm.class).stream().map(RecoveryDecision.Alarm::text).toList();
        Step report = new Step(alarmTexts.isEmpty() ? "report findings" : "raise " + alarmTexts.size() + " alarm(s)", SLACK, () -> {
            alarmTexts.forEach(alarms);
            return CompletableFuture.completedFuture(null);
        });

        List<Step> droneSteps = new ArrayList<>();
        for (RecoveryDecision.ReturnToLaunch r : decision.actions(RecoveryDecision.ReturnToLaunch.class)) {
            DronePort d = drone(drones, r.drone());
            droneSteps.add(new Step("return " + d.name() + " to launch", SLACK.plus(SLACK), d::returnToLaunch));
        }
        for (RecoveryDecision.KeepOnPatrol k : decision.actions(RecoveryDecision.KeepOnPatrol.class)) {
            droneSteps.add(new Step("keep " + k.drone() + " on patrol", SLACK, () -> CompletableFuture.completedFuture(null)));
        }

        Map<Integer, List<Action>> perBay = new LinkedHashMap<>();
        for (Action a : decision.actions()) {
            switch (a) {
                case RecoveryDecision.PowerOff p -> perBay.computeIfAbsent(p.bay(), b -> new ArrayList<>()).add(a);
                case RecoveryDecision.Clamp c -> perBay.computeIfAbsent(c.bay(), b -> new ArrayList<>()).add(a);
                case RecoveryDecision.StartCharging s -> perBay.computeIfAbsent(s.bay(), b -> new ArrayList<>()).add(a);
                default -> { }
            }
        }
        List<Step> baySteps = new ArrayList<>();
        perBay.forEach((bay, actions) -> baySteps.add(new Step("secure bay " + bay,
                SLACK.plus(l.centringDeadline()).plus(SLACK).plus(SLACK).plus(SLACK), () -> secure(nest, bay, actions, l))));

        boolean open = !decision.actions(RecoveryDecision.OpenRoof.class).isEmpty();
        boolean close = !decision.actions(RecoveryDecision.CloseRoof.class).isEmpty();
        if (open && close) {
            throw new IllegalArgumentException("recover " + id + ": a decision opens or closes the roof, not both");
        }
        List<List<Step>> stages = new ArrayList<>();
        stages.add(List.of(report));
        List<Step> first = new ArrayList<>(baySteps);
        if (open) {
            first.addFirst(new Step("open roof", settings.roof().openDeadline().plus(SLACK),
                    () -> LaunchPlan.expect(nest.openRoof(p -> { }), "open roof")));
            stages.add(first);
            if (!droneSteps.isEmpty()) {
                stages.add(droneSteps);
            }
        } else {
            first.addAll(0, droneSteps);
            if (!first.isEmpty()) {
                stages.add(first);
            }
        }
        if (close) {
            stages.add(List.of(new Step("close roof", settings.roof().closeDeadline().plus(SLACK),
                    () -> LaunchPlan.expect(nest.closeRoof(p -> { }), "close roof"))));
        }
        List<RecoveryDecision.MarkJobAbandoned> marks = decision.actions(RecoveryDecision.MarkJobAbandoned.class);
        if (!marks.isEmpty()) {
            stages.add(List.of(new Step("close " + marks.size() + " unfinished job(s)", SLACK, () -> {
                marks.forEach(m -> abandon.accept(m.jobId(), m.reason()));
                return CompletableFuture.completedFuture(null);
            })));
        }
        return new Plan(id, "recover", stages, List.of());
    }

    /** One bay's decided actions in the only safe order: power off, clamp, then charge (on clamped contacts). */
    private static CompletionStage<Void> secure(Nest nest, int bay, List<Action> actions, OperationsSettings.Launch l) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        if (actions.contains(new RecoveryDecision.PowerOff(bay))) {
            chain = chain.thenCompose(x -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.DRONE_POWER_OFF, SLACK),
                    "power off bay " + bay));
        }
        if (actions.contains(new RecoveryDecision.Clamp(bay))) {
            chain = chain.thenCompose(x -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.CENTRING_CLAMP, l.centringDeadline()),
                    "clamp bay " + bay));
        }
        if (actions.contains(new RecoveryDecision.StartCharging(bay))) {
            chain = chain.thenCompose(x -> LaunchPlan.expect(nest.bay(bay, Nest.BayAction.CHARGE_START, SLACK),
                    "charge bay " + bay));
        }
        return chain;
    }

    private static DronePort drone(Map<String, DronePort> drones, String name) {
        DronePort d = drones.get(name);
        if (d == null) {
            throw new IllegalArgumentException("recover: the decision names " + name + ", not among the drones " + drones.keySet());
        }
        return d;
    }
}

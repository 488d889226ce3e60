package io.streetstation.agent.job;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A job's lifecycle as one transition table: state × event → next state + actions, or a rejection
 * (a stale or unknown step, a cancel after the end). Pure; the {@link JobRunner} feeds it the
 * steps' outcomes and cancel requests and carries out the actions.
 *
 * <pre>
 *            all steps of the stage done        last stage done
 *  Running(i) ───────────────────────► Running(i+1) ─────────────► Succeeded
 *      │ a step failed / timed out          │
 *      │ or cancel requested                │ (same)
 *      ▼                                    ▼
 *  Securing (the job's other running steps cancelled, its safe-state steps run)
 *      │ every safe-state step done (its failures listed, never hidden)
 *      ▼
 *  Failed(step, reason) | Cancelled(reason)          (no safe-state steps: straight there)
 * </pre>
 */
public final class JobMachine {

    // ---- states

    public sealed interface State {
    }

    /** Stage {@code stage} runs; {@code pending} are its steps not yet done. */
    public record Running(int stage, Set<String> pending) implements State {
        public Running {
            pending = Set.copyOf(pending);
        }
    }

    /**
     * The safe-state steps run.
     *
     * @param cause the failure or cancellation that started it
     * @param pending safe-state steps not yet done
     * @param failures safe-state steps that failed, "step: reason"
     */
    public record Securing(Outcome cause, Set<String> pending, List<String> failures) implements State {
        public Securing {
            pending = Set.copyOf(pending);
            failures = List.copyOf(failures);
        }
    }

    public record Finished(Outcome outcome) implements State {
    }

    // ---- outcomes

    public sealed interface Outcome {
    }

    public record Succeeded() implements Outcome {
    }

    /** {@code step} failed with {@code reason}; {@code safeStateFailures} lists safe-state steps that failed too. */
    public record Failed(String step, String reason, List<String> safeStateFailures) implements Outcome {
        public Failed {
            safeStateFailures = List.copyOf(safeStateFailures);
        }
    }

    public record Cancelled(String reason, List<String> safeStateFailures) implements Outcome {
        public Cancelled {
            safeStateFailures = List.copyOf(safeStateFailures);
        }
    }

    // ---- events

    public sealed interface Event {
    }

    public record StepSucceeded(String step) implements Event {
    }

    /** Failed, or timed out (the reason says which). */
    public record StepFailed(String step, String reason) implements Event {
    }

    public record CancelRequested(String reason) implements Event {
    }

    // ---- actions

    public sealed interface Action {
    }

    public record StartSteps(List<Step> steps) implements Action {
        public StartSteps {
            steps = List.copyOf(steps);
        }
    }

    /** Cancel these running steps of the job proper (their late news is ignored). */
    public record CancelSteps(Set<String> steps) implements Action {
        public CancelSteps {
            steps = Set.copyOf(steps);
        }
    }

    public record Finish(Outcome outcome) implements Action {
    }

    // ---- results

    public sealed interface Transition {
    }

    public record Go(State next, List<Action> actions) implements Transition {
        public Go {
            actions = List.copyOf(actions);
        }
    }

    public record Rejected(String reason) implements Transition {
    }

    private record Step2(State state, Event event) {
    }

    private JobMachine() {
    }

    /** The state a job starts in, and its first action: stage 0. */
    public static Go start(Plan plan) {
        return new Go(new Running(0, names(plan.stages().getFirst())), List.of(new StartSteps(plan.stages().getFirst())));
    }

    /** The whole table. */
    public static Transition step(State s, Event e, Plan plan) {
        return switch (new Step2(s, e)) {
            case Step2(Running r, StepSucceeded ok) when r.pending().contains(ok.step()) -> {
                Set<String> left = without(r.pending(), ok.step());
                if (!left.isEmpty()) {
                    yield go(new Running(r.stage(), left));
                }
                int next = r.stage() + 1;
                if (next < plan.stages().size()) {
                    yield go(new Running(next, names(plan.stages().get(next))), new StartSteps(plan.stages().get(next)));
                }
                yield go(new Finished(new Succeeded()), new Finish(new Succeeded()));
            }
            case Step2(Running r, StepFailed f) when r.pending().contains(f.step()) ->
                    secure(new Failed(f.step(), f.reason(), List.of()), without(r.pending(), f.step()), plan);
            case Step2(Running r, CancelRequested c) -> secure(new Cancelled(c.reason(), List.of()), r.pending(), plan);
            case Step2(Running r, StepSucceeded ok) -> reject("step '" + ok.step() + "' is not running (stage " + r.stage()
                    + " runs " + r.pending() + ")");
            case Step2(Running r, StepFailed f) -> reject("step '" + f.step() + "' is not running (stage " + r.stage()
                    + " runs " + r.pending() + ")");

            case Step2(Securing sec, StepSucceeded ok) when sec.pending().contains(ok.step()) ->
                    secured(sec, without(sec.pending(), ok.step()), sec.failures());
            case Step2(Securing sec, StepFailed f) when sec.pending().contains(f.step()) -> {
                List<String> failures = new ArrayList<>(sec.failures());
                failures.add(f.step() + ": " + f.reason());
                yield secured(sec, without(sec.pending(), f.step()), failures);
            }
            // late news of a step the failure or the cancel cut short: it no longer counts
            case Step2(Securing sec, StepSucceeded ok) -> go(sec);
            case Step2(Securing sec, StepFailed f) -> go(sec);
            case Step2(Securing sec, CancelRequested c) -> reject("the job is already making the station safe after "
                    + describe(sec.cause()));

            case Step2(Finished done, Event any) -> reject("the job has finished: " + describe(done.outcome()));
        };
    }

    /** For reports: "succeeded", "failed at 'open roof': stall", "cancelled: weather". */
    public static String describe(Outcome o) {
        String safe = switch (o) {
            case Failed f when !f.safeStateFailures().isEmpty() -> "; safe state incomplete: " + f.safeStateFailures();
            case Cancelled c when !c.safeStateFailures().isEmpty() -> "; safe state incomplete: " + c.safeStateFailures();
            default -> "";
        };
        return switch (o) {
            case Succeeded s -> "succeeded";
            case Failed f -> "failed at '" + f.step() + "': " + f.reason() + safe;
            case Cancelled c -> "cancelled: " + c.reason() + safe;
        };
    }

    private static Transition secure(Outcome cause, Set<String> stillRunning, Plan plan) {
        List<Action> actions = new ArrayList<>();
        if (!stillRunning.isEmpty()) {
            actions.add(new CancelSteps(stillRunning));
        }
        if (plan.safeState().isEmpty()) {
            actions.add(new Finish(cause));
            return new Go(new Finished(cause), actions);
        }
        actions.add(new StartSteps(plan.safeState()));
        return new Go(new Securing(cause, names(plan.safeState()), List.of()), actions);
    }

    private static Transition secured(Securing sec, Set<String> left, List<String> failures) {
        if (!left.isEmpty()) {
            return go(new Securing(sec.cause(), left, failures));
        }
        Outcome end = switch (sec.cause()) {
            case Failed f -> new Failed(f.step(), f.reason(), failures);
            case Cancelled c -> new Cancelled(c.reason(), failures);
            case Succeeded s -> throw new IllegalStateException("a job that succeeded is never secured");
        };
        return go(new Finished(end), new Finish(end));
    }

    private static Set<String> names(List<Step> steps) {
        Set<String> out = new LinkedHashSet<>();
        steps.forEach(s -> out.add(s.name()));
        return out;
    }

    private static Set<String> without(Set<String> set, String name) {
        Set<String> out = new LinkedHashSet<>(set);
        out.remove(name);
        return out;
    }

    private static Go go(State next, Action... actions) {
        return new Go(next, List.of(actions));
    }

    private static Rejected reject(String reason) {
        return new Rejected(reason);
    }
}

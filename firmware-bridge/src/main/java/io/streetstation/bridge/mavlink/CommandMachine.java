package io.streetstation.bridge.mavlink;

import java.util.List;

/**
 * The command protocol (services/command.md) for one outstanding command, as one pure transition
 * function. {@link CommandService} owns an instance per (target, command), feeds it events on its
 * dispatch thread and carries out the returned actions.
 *
 * <pre>
 *            send
 *   (start) ─────► AwaitingAck(attempt n, confirmation n) ──timeout, n&lt;max──► AwaitingAck(n+1)
 *                    │  │  │ └─ ack *_ONLY, other form not tried ──► AwaitingAck(0, other form)
 *                    │  │  └─ ack final ─────────────────────────► Finished(result)
 *                    │  └─ ack IN_PROGRESS ──► Running(progress) ──ack IN_PROGRESS──► Running
 *                    │                          │   └─ ack final ──────────────────► Finished
 *                    │                          ├─ timeout ────────────────────────► Finished(TIMED_OUT)
 *                    │                          └─ cancel ──► Cancelling ──ack───► Finished(result)
 *                    ├─ timeout, n=max ────────────────────────────────────────────► Finished(TIMED_OUT)
 *                    └─ cancel (COMMAND_CANCEL sent) ──────────────────────────────► Finished(CANCELLED)
 * </pre>
 * Every other (state, event) pair is illegal: the service logs it and ignores the event.
 * Timer actions come before sends: whoever sees the frame can rely on the timer being armed.
 */
final class CommandMachine {

    private CommandMachine() {
    }

    /** The two message forms of a command. */
    enum Form { LONG, INT }

    sealed interface State permits AwaitingAck, Running, Cancelling, Finished {
    }

    /** Sent, waiting for an ACK. {@code attempt} is also the confirmation field (0 first). */
    record AwaitingAck(int attempt, Form form, boolean formSwitched) implements State {
    }

    /** Acknowledged IN_PROGRESS; waiting for progress or the final ACK with the long timeout. */
    record Running(int progress, Form form) implements State {
    }

    /** COMMAND_CANCEL sent for a running command; waiting for its final ACK. */
    record Cancelling(int progress, Form form) implements State {
    }

    record Finished(CommandOutcome outcome, String detail) implements State {
    }

    sealed interface Event permits AckReceived, TimedOut, CancelRequested {
    }

    /** A matching COMMAND_ACK: MAV_RESULT code, progress 0..100 (255 unknown), result_param2. */
    record AckReceived(int result, int progress, int resultParam2) implements Event {
    }

    record TimedOut() implements Event {
    }

    record CancelRequested() implements Event {
    }

    sealed interface Action permits Send, SendCancel, StartAckTimer, StartProgressTimer, ReportProgress, Complete {
    }

    /** Send the command in {@code form} with this confirmation value. */
    record Send(Form form, int confirmation) implements Action {
    }

    record SendCancel() implements Action {
    }

    /** (Re)start the timer with the ACK timeout. */
    record StartAckTimer() implements Action {
    }

    /** (Re)start the timer with the long in-progress timeout. */
    record StartProgressTimer() implements Action {
    }

    record ReportProgress(int progress) implements Action {
    }

    /** Stop the timer and complete the caller's future. */
    record Complete(CommandOutcome outcome, String detail) implements Action {
    }

    /** Result of one step; {@code legal == false} means the event was ignored. */
    record Transition(State next, List<Action> actions, boolean legal) {
        static Transition go(State next, Action... actions) {
            return new Transition(next, List.of(actions), true);
        }

        static Transition reject(State state) {
            return new Transition(state, List.of(), false);
        }
    }

    private record Step(State state, Event event) {
    }

    static State initial(Form form) {
        return new AwaitingAck(0, form, false);
    }

    static List<Action> start(Form form) {
        return List.of(new StartAckTimer(), new Send(form, 0));
    }

    static Transition step(State state, Event event, int maxRetries) {
        return switch (new Step(state, event)) {
            case Step(AwaitingAck a, AckReceived k) when k.result() == CommandOutcome.MAV_RESULT_IN_PROGRESS ->
                    Transition.go(new Running(k.progress(), a.form()),
                            new StartProgressTimer(), new ReportProgress(k.progress()));
            case Step(AwaitingAck a, AckReceived k) when switchTo(a, k.result()) != null -> {
                Form other = switchTo(a, k.result());
                yield Transition.go(new AwaitingAck(0, other, true), new StartAckTimer(), new Send(other, 0));
            }
            case Step(AwaitingAck a, AckReceived k) -> finish(CommandOutcome.ofFinal(k.result()),
                    "MAV_RESULT " + k.result() + " after " + (a.attempt() + 1) + " attempt(s)");
            case Step(AwaitingAck a, TimedOut t) when a.attempt() < maxRetries ->
                    Transition.go(new AwaitingAck(a.attempt() + 1, a.form(), a.formSwitched()),
                            new StartAckTimer(), new Send(a.form(), a.attempt() + 1));
            case Step(AwaitingAck a, TimedOut t) -> finish(CommandOutcome.TIMED_OUT,
                    "no COMMAND_ACK after " + (a.attempt() + 1) + " attempt(s)");
            case Step(AwaitingAck a, CancelRequested c) -> Transition.go(
                    new Finished(CommandOutcome.CANCELLED, "cancelled before any ACK"),
                    new SendCancel(), new Complete(CommandOutcome.CANCELLED, "cancelled before any ACK"));

            case Step(Running r, AckReceived k) when k.result() == CommandOutcome.MAV_RESULT_IN_PROGRESS ->
                    Transition.go(new Running(k.progress(), r.form()),
                            new StartProgressTimer(), new ReportProgress(k.progress()));
            case Step(Running r, AckReceived k) when isOnlyForm(k.result()) -> Transition.reject(state);
            case Step(Running r, AckReceived k) -> finish(CommandOutcome.ofFinal(k.result()),
                    "MAV_RESULT " + k.result() + " after progress " + r.progress());
            case Step(Running r, TimedOut t) -> finish(CommandOutcome.TIMED_OUT,
                    "no progress or final ACK since progress " + r.progress());
            case Step(Running r, CancelRequested c) ->
                    Transition.go(new Cancelling(r.progress(), r.form()), new StartAckTimer(), new SendCancel());

            case Step(Cancelling c, AckReceived k) when k.result() == CommandOutcome.MAV_RESULT_IN_PROGRESS ->
                    Transition.go(new Cancelling(k.progress(), c.form()),
                            new StartAckTimer(), new ReportProgress(k.progress()));
            case Step(Cancelling c, AckReceived k) when isOnlyForm(k.result()) -> Transition.reject(state);
            case Step(Cancelling c, AckReceived k) -> finish(CommandOutcome.ofFinal(k.result()),
                    "MAV_RESULT " + k.result() + " after COMMAND_CANCEL");
            case Step(Cancelling c, TimedOut t) -> finish(CommandOutcome.TIMED_OUT,
                    "COMMAND_CANCEL not acknowledged; the vehicle may still be running the command");
            case Step(Cancelling c, CancelRequested again) -> Transition.reject(state);

            case Step(Finished f, Event e) -> Transition.reject(state);
        };
    }

    private static Transition finish(CommandOutcome outcome, String detail) {
        return Transition.go(new Finished(outcome, detail), new Complete(outcome, detail));
    }

    private static boolean isOnlyForm(int result) {
        return result == CommandOutcome.MAV_RESULT_COMMAND_LONG_ONLY
                || result == CommandOutcome.MAV_RESULT_COMMAND_INT_ONLY;
    }

    /** The form to resend in for a *_ONLY answer, or null if that is not possible (any more). */
    private static Form switchTo(AwaitingAck a, int result) {
        if (a.formSwitched()) {
            return null;
        }
        if (result == CommandOutcome.MAV_RESULT_COMMAND_LONG_ONLY && a.form() == Form.INT) {
            return Form.LONG;
        }
        if (result == CommandOutcome.MAV_RESULT_COMMAND_INT_ONLY && a.form() == Form.LONG) {
            return Form.INT;
        }
        return null;
    }
}

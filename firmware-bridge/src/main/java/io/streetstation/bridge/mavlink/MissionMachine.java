package io.streetstation.bridge.mavlink;

import java.util.List;

/**
 * The mission protocol (services/mission.md) for one transfer, as one pure transition function.
 * {@link MissionService} runs one transfer per vehicle on its dispatch thread and carries out the
 * actions. Timeouts re-enter as {@link TimedOut}; every wait has one.
 *
 * <pre>
 * upload:   MISSION_COUNT ─► Uploading(last=-1) ──REQUEST(s)──► send ITEM(s) ─► Uploading(last=s)
 *           Uploading ──ACK accepted──► Done(COMPLETED)      ──ACK error──► Done(ERROR_ACK)
 *                                                              (ArduPilot: NACK ignored, keep waiting)
 * download: REQUEST_LIST ─► AwaitingCount ──COUNT n──► REQUEST(0) ─► AwaitingItem(0)
 *           AwaitingItem(s) ──ITEM s──► REQUEST(s+1) ─► AwaitingItem(s+1) … ──ITEM n-1──► ACK ─► Done
 *           AwaitingItem(s) ──ITEM ≠ s──► dropped, REQUEST(s) again
 * clear:    CLEAR_ALL ─► AwaitingClearAck ──ACK──► Done
 * any wait ──timeout, retries &lt; max──► resend, retries+1 ──timeout, retries = max──► Done(TIMED_OUT)
 * any wait ──cancel──► MISSION_ACK(OPERATION_CANCELLED) (not for clear) ─► Done(CANCELLED)
 * </pre>
 * Timer actions come before sends, so whoever sees a frame can rely on the timer being armed.
 * Every other (state, event) pair is illegal: ignored and logged (stray and duplicate messages are
 * normal on a radio link).
 */
final class MissionMachine {

    private MissionMachine() {
    }

    static final int MAV_MISSION_ACCEPTED = 0;
    static final int MAV_MISSION_OPERATION_CANCELLED = 15;

    sealed interface State permits Uploading, AwaitingCount, AwaitingItem, AwaitingClearAck, Done {
    }

    /** Upload: {@code last} = last item sent (-1: only MISSION_COUNT so far); {@code lastNack} -1 or a code. */
    record Uploading(int count, int last, int retries, int lastNack) implements State {
    }

    record AwaitingCount(int retries) implements State {
    }

    record AwaitingItem(int count, int seq, int retries) implements State {
    }

    record AwaitingClearAck(int retries) implements State {
    }

    record Done(MissionOutcome outcome, int seq, int retries, int missionResult, String detail) implements State {
    }

    sealed interface Event permits CountReceived, RequestReceived, ItemReceived, AckReceived, TimedOut, CancelRequested {
    }

    record CountReceived(int count) implements Event {
    }

    record RequestReceived(int seq) implements Event {
    }

    record ItemReceived(int seq, MissionItem item) implements Event {
    }

    /** MISSION_ACK with a MAV_MISSION_RESULT code. */
    record AckReceived(int type) implements Event {
    }

    record TimedOut() implements Event {
    }

    record CancelRequested() implements Event {
    }

    sealed interface Action permits SendCount, SendItem, SendRequestList, SendRequest, SendAck, SendClearAll,
            StoreItem, StartTimer, Finish {
    }

    record SendCount(int count) implements Action {
    }

    record SendItem(int seq) implements Action {
    }

    record SendRequestList() implements Action {
    }

    record SendRequest(int seq) implements Action {
    }

    record SendAck(int type) implements Action {
    }

    record SendClearAll() implements Action {
    }

    record StoreItem(int seq, MissionItem item) implements Action {
    }

    /** (Re)start the one timer of the transfer. */
    record StartTimer() implements Action {
    }

    /** Stop the timer and complete the transfer. */
    record Finish(Done done) implements Action {
    }

    record Transition(State next, List<Action> actions, boolean legal) {
        static Transition go(State next, Action... actions) {
            return new Transition(next, List.of(actions), true);
        }

        static Transition reject(State s) {
            return new Transition(s, List.of(), false);
        }
    }

    /** Facts of the transfer that do not change. */
    record Limits(int maxRetries, boolean arduPilot) {
    }

    private record Step(State state, Event event) {
    }

    static Transition startUpload(int count) {
        return Transition.go(new Uploading(count, -1, 0, -1), new StartTimer(), new SendCount(count));
    }

    static Transition startDownload() {
        return Transition.go(new AwaitingCount(0), new StartTimer(), new SendRequestList());
    }

    static Transition startClear() {
        return Transition.go(new AwaitingClearAck(0), new StartTimer(), new SendClearAll());
    }

    static Transition step(State state, Event event, Limits limits) {
        int max = limits.maxRetries();
        return switch (new Step(state, event)) {
            // ---- upload
            case Step(Uploading u, RequestReceived r) when r.seq() >= 0 && r.seq() < u.count() ->
                    Transition.go(new Uploading(u.count(), r.seq(), 0, u.lastNack()), new StartTimer(),
                            new SendItem(r.seq()));
            case Step(Uploading u, AckReceived a) when a.type() == MAV_MISSION_ACCEPTED ->
                    done(MissionOutcome.COMPLETED, u.last(), u.retries(), a.type(),
                            u.last() == u.count() - 1 ? "all " + u.count() + " items accepted"
                                    : "accepted after item " + u.last() + " of " + u.count());
            case Step(Uploading u, AckReceived a) when limits.arduPilot() && a.type() != MAV_MISSION_OPERATION_CANCELLED ->
                    // ArduPilot NACKs do not end its upload (it may keep requesting): keep waiting
                    Transition.go(new Uploading(u.count(), u.last(), u.retries(), a.type()));
            case Step(Uploading u, AckReceived a) -> done(MissionOutcome.ERROR_ACK, u.last(), u.retries(), a.type(),
                    "vehicle answered MAV_MISSION_RESULT " + a.type() + " after item " + u.last());
            case Step(Uploading u, TimedOut t) when u.retries() < max ->
                    Transition.go(new Uploading(u.count(), u.last(), u.retries() + 1, u.lastNack()),
                            new StartTimer(), u.last() < 0 ? new SendCount(u.count()) : new SendItem(u.last()));
            case Step(Uploading u, TimedOut t) -> done(MissionOutcome.TIMED_OUT, u.last(), u.retries(), u.lastNack(),
                    (u.last() < 0 ? "no MISSION_REQUEST for MISSION_COUNT " + u.count()
                            : "no request after item " + u.last()) + " after " + u.retries() + " retries"
                            + (u.lastNack() >= 0 ? " (last NACK " + u.lastNack() + ")" : ""));
            case Step(Uploading u, CancelRequested c) -> cancelled(u.last(), u.retries());

            // ---- download
            case Step(AwaitingCount c, CountReceived n) when n.count() == 0 -> Transition.go(
                    doneState(MissionOutcome.COMPLETED, -1, c.retries(), 0, "vehicle has no items"),
                    new SendAck(MAV_MISSION_ACCEPTED),
                    new Finish(doneState(MissionOutcome.COMPLETED, -1, c.retries(), 0, "vehicle has no items")));
            case Step(AwaitingCount c, CountReceived n) when n.count() > 0 ->
                    Transition.go(new AwaitingItem(n.count(), 0, 0), new StartTimer(), new SendRequest(0));
            case Step(AwaitingCount c, AckReceived a) when a.type() != MAV_MISSION_ACCEPTED ->
                    done(MissionOutcome.ERROR_ACK, -1, c.retries(), a.type(),
                            "vehicle answered MAV_MISSION_RESULT " + a.type() + " to MISSION_REQUEST_LIST");
            case Step(AwaitingCount c, TimedOut t) when c.retries() < max ->
                    Transition.go(new AwaitingCount(c.retries() + 1), new StartTimer(), new SendRequestList());
            case Step(AwaitingCount c, TimedOut t) -> done(MissionOutcome.TIMED_OUT, -1, c.retries(), -1,
                    "no MISSION_COUNT after " + c.retries() + " retries");
            case Step(AwaitingCount c, CancelRequested x) -> cancelled(-1, c.retries());

            case Step(AwaitingItem w, ItemReceived i) when i.seq() == w.seq() && w.seq() + 1 < w.count() ->
                    Transition.go(new AwaitingItem(w.count(), w.seq() + 1, 0), new StoreItem(i.seq(), i.item()),
                            new StartTimer(), new SendRequest(w.seq() + 1));
            case Step(AwaitingItem w, ItemReceived i) when i.seq() == w.seq() -> {
                Done d = doneState(MissionOutcome.COMPLETED, w.seq(), w.retries(), 0, "all " + w.count() + " items");
                yield Transition.go(d, new StoreItem(i.seq(), i.item()), new SendAck(MAV_MISSION_ACCEPTED), new Finish(d));
            }
            case Step(AwaitingItem w, ItemReceived i) ->
                    // out of sequence: dropped, the expected one requested again
                    Transition.go(w, new StartTimer(), new SendRequest(w.seq()));
            case Step(AwaitingItem w, CountReceived n) when w.seq() == 0 ->
                    // our first request was lost and the vehicle repeated its count
                    Transition.go(w, new StartTimer(), new SendRequest(0));
            case Step(AwaitingItem w, AckReceived a) when a.type() != MAV_MISSION_ACCEPTED ->
                    done(MissionOutcome.ERROR_ACK, w.seq(), w.retries(), a.type(),
                            "vehicle answered MAV_MISSION_RESULT " + a.type() + " while sending item " + w.seq());
            case Step(AwaitingItem w, TimedOut t) when w.retries() < max ->
                    Transition.go(new AwaitingItem(w.count(), w.seq(), w.retries() + 1), new StartTimer(),
                            new SendRequest(w.seq()));
            case Step(AwaitingItem w, TimedOut t) -> done(MissionOutcome.TIMED_OUT, w.seq(), w.retries(), -1,
                    "no MISSION_ITEM_INT " + w.seq() + " of " + w.count() + " after " + w.retries() + " retries");
            case Step(AwaitingItem w, CancelRequested x) -> cancelled(w.seq(), w.retries());

            // ---- clear
            case Step(AwaitingClearAck c, AckReceived a) when a.type() == MAV_MISSION_ACCEPTED ->
                    done(MissionOutcome.COMPLETED, -1, c.retries(), a.type(), "cleared");
            case Step(AwaitingClearAck c, AckReceived a) -> done(MissionOutcome.ERROR_ACK, -1, c.retries(), a.type(),
                    "vehicle answered MAV_MISSION_RESULT " + a.type() + " to MISSION_CLEAR_ALL"
                            + (limits.arduPilot() ? " (ArduPilot cannot clear while in AUTO)" : ""));
            case Step(AwaitingClearAck c, TimedOut t) when c.retries() < max ->
                    Transition.go(new AwaitingClearAck(c.retries() + 1), new StartTimer(), new SendClearAll());
            case Step(AwaitingClearAck c, TimedOut t) -> done(MissionOutcome.TIMED_OUT, -1, c.retries(), -1,
                    "no MISSION_ACK to MISSION_CLEAR_ALL after " + c.retries() + " retries");
            case Step(AwaitingClearAck c, CancelRequested x) -> {
                Done d = doneState(MissionOutcome.CANCELLED, -1, c.retries(), -1, "cancelled by us");
                yield Transition.go(d, new Finish(d));
            }

            default -> Transition.reject(state);
        };
    }

    private static Done doneState(MissionOutcome o, int seq, int retries, int result, String detail) {
        return new Done(o, seq, retries, result, detail);
    }

    private static Transition done(MissionOutcome o, int seq, int retries, int result, String detail) {
        Done d = doneState(o, seq, retries, result, detail);
        return Transition.go(d, new Finish(d));
    }

    private static Transition cancelled(int seq, int retries) {
        Done d = doneState(MissionOutcome.CANCELLED, seq, retries, MAV_MISSION_OPERATION_CANCELLED, "cancelled by us");
        return Transition.go(d, new SendAck(MAV_MISSION_OPERATION_CANCELLED), new Finish(d));
    }
}

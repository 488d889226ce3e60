package io.streetstation.bridge.frame;

import io.streetstation.bridge.frame.msg.PeerIdentity;
import java.util.EnumSet;
import java.util.Set;

/**
 * The session with one peer (PROTOCOL.md §4) as a pure transition function.
 *
 * <pre>
 *            LinkUp / SEND_HELLO              HelloAnswered, HelloReceived
 *   ( Down ) ------------------> ( Handshaking ) ---------------------> ( Established )
 *      ^                          |   ^     |  HelloFailed / RETRY_LATER       |
 *      |  LinkDown (any state)    |   |     +----------------------------+     |
 *      +--------------------------+   +--- PeerLostSession / SEND_HELLO -------+
 *                                 |
 *                                 | VersionMismatch (any state)
 *                                 v
 *                          ( Incompatible )  -- HelloAnswered, HelloReceived --> Established
 * </pre>
 *
 * <p>Entering {@code Established} with a boot id different from the last one known for the peer
 * adds {@link Action#RESET_DEDUPE}: a rebooted peer starts new sequence numbers.
 */
final class SessionMachine {

    private SessionMachine() {
    }

    sealed interface State permits Down, Handshaking, Established, Incompatible {
    }

    record Down(String why) implements State {
    }

    record Handshaking() implements State {
    }

    record Established(int version, PeerIdentity peer) implements State {
    }

    record Incompatible(String detail) implements State {
    }

    sealed interface Event permits LinkUp, LinkDown, HelloAnswered, HelloReceived, VersionMismatch,
            HelloFailed, PeerLostSession {
    }

    /** The link came up and this peer is one we greet. */
    record LinkUp() implements Event {
    }

    record LinkDown(String why) implements Event {
    }

    /** Our HELLO was answered with a usable HELLO_ACK. */
    record HelloAnswered(int version, PeerIdentity peer) implements Event {
    }

    /** We answered the peer's HELLO with HELLO_ACK. */
    record HelloReceived(int version, PeerIdentity peer) implements Event {
    }

    /** No common version, whichever side found out. */
    record VersionMismatch(String detail) implements Event {
    }

    /** Our HELLO went unanswered after all retries, or was refused for another reason. */
    record HelloFailed(String why) implements Event {
    }

    /** The peer answered NAK NO_SESSION: it rebooted or forgot us. */
    record PeerLostSession() implements Event {
    }

    enum Action { SEND_HELLO, RETRY_HELLO_LATER, RESET_DEDUPE, NOTIFY, REJECTED }

    record Step(State next, Set<Action> actions) {
        static Step of(State next, Action... actions) {
            Set<Action> s = EnumSet.noneOf(Action.class);
            s.addAll(java.util.List.of(actions));
            return new Step(next, s);
        }
    }

    private record Input(State state, Event event) {
    }

    /**
     * @param knownBootId the peer's boot id from its last handshake, 0 if never seen
     */
    static Step next(State state, Event event, long knownBootId) {
        return switch (new Input(state, event)) {
            case Input(State s, LinkDown d) -> Step.of(new Down(d.why()), Action.NOTIFY);
            case Input(Down d, LinkUp u) -> Step.of(new Handshaking(), Action.SEND_HELLO);
            case Input(Incompatible i, LinkUp u) -> Step.of(i);
            case Input(State s, LinkUp u) -> Step.of(s);
            case Input(State s, HelloAnswered a) ->
                    established(new Established(a.version(), a.peer()), knownBootId);
            case Input(State s, HelloReceived r) ->
                    established(new Established(r.version(), r.peer()), knownBootId);
            case Input(State s, VersionMismatch m) -> Step.of(new Incompatible(m.detail()), Action.NOTIFY);
            case Input(Handshaking h, HelloFailed f) -> Step.of(h, Action.RETRY_HELLO_LATER);
            case Input(State s, HelloFailed f) -> Step.of(s);
            case Input(Established e, PeerLostSession p) ->
                    Step.of(new Handshaking(), Action.SEND_HELLO, Action.NOTIFY);
            case Input(State s, PeerLostSession p) -> Step.of(s, Action.REJECTED);
        };
    }

    private static Step established(Established e, long knownBootId) {
        return e.peer().bootId() != knownBootId
                ? Step.of(e, Action.RESET_DEDUPE, Action.NOTIFY)
                : Step.of(e, Action.NOTIFY);
    }
}

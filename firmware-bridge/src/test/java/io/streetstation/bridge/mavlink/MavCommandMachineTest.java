package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.mavlink.CommandMachine.AckReceived;
import io.streetstation.bridge.mavlink.CommandMachine.Action;
import io.streetstation.bridge.mavlink.CommandMachine.AwaitingAck;
import io.streetstation.bridge.mavlink.CommandMachine.CancelRequested;
import io.streetstation.bridge.mavlink.CommandMachine.Cancelling;
import io.streetstation.bridge.mavlink.CommandMachine.Complete;
import io.streetstation.bridge.mavlink.CommandMachine.Event;
import io.streetstation.bridge.mavlink.CommandMachine.Finished;
import io.streetstation.bridge.mavlink.CommandMachine.Form;
import io.streetstation.bridge.mavlink.CommandMachine.ReportProgress;
import io.streetstation.bridge.mavlink.CommandMachine.Running;
import io.streetstation.bridge.mavlink.CommandMachine.Send;
import io.streetstation.bridge.mavlink.CommandMachine.SendCancel;
import io.streetstation.bridge.mavlink.CommandMachine.StartAckTimer;
import io.streetstation.bridge.mavlink.CommandMachine.StartProgressTimer;
import io.streetstation.bridge.mavlink.CommandMachine.State;
import io.streetstation.bridge.mavlink.CommandMachine.TimedOut;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per transition of {@link CommandMachine} and one per illegal (state, event) pair. */
class MavCommandMachineTest {

    private static final int MAX = 3;

    // states
    static final AwaitingAck FIRST_LONG = new AwaitingAck(0, Form.LONG, false);
    static final AwaitingAck FIRST_INT = new AwaitingAck(0, Form.INT, false);
    static final AwaitingAck SWITCHED_TO_LONG = new AwaitingAck(0, Form.LONG, true);
    static final AwaitingAck LAST_TRY = new AwaitingAck(MAX, Form.LONG, false);
    static final Running RUNNING = new Running(40, Form.LONG);
    static final Cancelling CANCELLING = new Cancelling(40, Form.LONG);
    static final Finished FINISHED = new Finished(CommandOutcome.ACCEPTED, "");

    // events
    static final Event ACCEPTED = new AckReceived(0, 0, 0);
    static final Event DENIED = new AckReceived(2, 0, 0);
    static final Event FAILED = new AckReceived(4, 0, 0);
    static final Event CANCELLED = new AckReceived(6, 0, 0);
    static final Event LONG_ONLY = new AckReceived(7, 0, 0);
    static final Event INT_ONLY = new AckReceived(8, 0, 0);
    static Event inProgress(int p) {
        return new AckReceived(5, p, 0);
    }
    static final Event TIMEOUT = new TimedOut();
    static final Event CANCEL = new CancelRequested();

    static Finished finished(CommandOutcome o) {
        return new Finished(o, "");
    }

    static Complete complete(CommandOutcome o) {
        return new Complete(o, "");
    }

    static Arguments legal(String name, State from, Event e, State to, Action... actions) {
        return Arguments.of(name, from, e, to, List.of(actions));
    }

    static Stream<Arguments> transitions() {
        return Stream.of(
                legal("awaiting + ACCEPTED -> finished", FIRST_LONG, ACCEPTED, finished(CommandOutcome.ACCEPTED),
                        complete(CommandOutcome.ACCEPTED)),
                legal("awaiting + DENIED -> finished", FIRST_LONG, DENIED, finished(CommandOutcome.DENIED),
                        complete(CommandOutcome.DENIED)),
                legal("awaiting + IN_PROGRESS -> running", FIRST_LONG, inProgress(50), new Running(50, Form.LONG),
                        new StartProgressTimer(), new ReportProgress(50)),
                legal("awaiting(LONG) + INT_ONLY -> resend as INT", FIRST_LONG, INT_ONLY,
                        new AwaitingAck(0, Form.INT, true), new StartAckTimer(), new Send(Form.INT, 0)),
                legal("awaiting(INT) + LONG_ONLY -> resend as LONG", FIRST_INT, LONG_ONLY, SWITCHED_TO_LONG,
                        new StartAckTimer(), new Send(Form.LONG, 0)),
                legal("awaiting(LONG) + LONG_ONLY -> finished", FIRST_LONG, LONG_ONLY,
                        finished(CommandOutcome.COMMAND_LONG_ONLY), complete(CommandOutcome.COMMAND_LONG_ONLY)),
                legal("awaiting(switched) + INT_ONLY -> finished, no ping-pong", SWITCHED_TO_LONG, INT_ONLY,
                        finished(CommandOutcome.COMMAND_INT_ONLY), complete(CommandOutcome.COMMAND_INT_ONLY)),
                legal("awaiting + timeout -> resend, confirmation+1", FIRST_LONG, TIMEOUT,
                        new AwaitingAck(1, Form.LONG, false), new StartAckTimer(), new Send(Form.LONG, 1)),
                legal("awaiting(last try) + timeout -> timed out", LAST_TRY, TIMEOUT,
                        finished(CommandOutcome.TIMED_OUT), complete(CommandOutcome.TIMED_OUT)),
                legal("awaiting + cancel -> cancelled", FIRST_LONG, CANCEL, finished(CommandOutcome.CANCELLED),
                        new SendCancel(), complete(CommandOutcome.CANCELLED)),
                legal("running + IN_PROGRESS -> running", RUNNING, inProgress(80), new Running(80, Form.LONG),
                        new StartProgressTimer(), new ReportProgress(80)),
                legal("running + ACCEPTED -> finished", RUNNING, ACCEPTED, finished(CommandOutcome.ACCEPTED),
                        complete(CommandOutcome.ACCEPTED)),
                legal("running + FAILED -> finished", RUNNING, FAILED, finished(CommandOutcome.FAILED),
                        complete(CommandOutcome.FAILED)),
                legal("running + timeout -> timed out", RUNNING, TIMEOUT, finished(CommandOutcome.TIMED_OUT),
                        complete(CommandOutcome.TIMED_OUT)),
                legal("running + cancel -> cancelling", RUNNING, CANCEL, CANCELLING, new StartAckTimer(),
                        new SendCancel()),
                legal("cancelling + CANCELLED -> finished", CANCELLING, CANCELLED, finished(CommandOutcome.CANCELLED),
                        complete(CommandOutcome.CANCELLED)),
                legal("cancelling + IN_PROGRESS -> cancelling", CANCELLING, inProgress(60),
                        new Cancelling(60, Form.LONG), new StartAckTimer(), new ReportProgress(60)),
                legal("cancelling + timeout -> timed out", CANCELLING, TIMEOUT, finished(CommandOutcome.TIMED_OUT),
                        complete(CommandOutcome.TIMED_OUT)));
    }

    static Stream<Arguments> illegal() {
        return Stream.of(
                Arguments.of(RUNNING, LONG_ONLY), Arguments.of(RUNNING, INT_ONLY),
                Arguments.of(CANCELLING, CANCEL), Arguments.of(CANCELLING, LONG_ONLY), Arguments.of(CANCELLING, INT_ONLY),
                Arguments.of(FINISHED, ACCEPTED), Arguments.of(FINISHED, DENIED), Arguments.of(FINISHED, inProgress(1)),
                Arguments.of(FINISHED, LONG_ONLY), Arguments.of(FINISHED, INT_ONLY), Arguments.of(FINISHED, TIMEOUT),
                Arguments.of(FINISHED, CANCEL));
    }

    /** Details are prose for people; compare everything else. */
    private static Object strip(Object o) {
        return switch (o) {
            case Finished f -> finished(f.outcome());
            case Complete c -> complete(c.outcome());
            default -> o;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String name, State from, Event event, State to, List<Action> actions) {
        CommandMachine.Transition t = CommandMachine.step(from, event, MAX);
        assertThat(t.legal()).isTrue();
        assertThat(strip(t.next())).isEqualTo(to);
        assertThat(t.actions().stream().map(MavCommandMachineTest::strip).toList()).isEqualTo(actions);
    }

    @ParameterizedTest(name = "{0} + {1} is illegal")
    @MethodSource("illegal")
    void illegalPair_isRejected_withoutStateChangeOrActions(State from, Event event) {
        CommandMachine.Transition t = CommandMachine.step(from, event, MAX);
        assertThat(t.legal()).isFalse();
        assertThat(t.next()).isSameAs(from);
        assertThat(t.actions()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void start_armsTheTimerBeforeSending_confirmationZero() {
        assertThat(CommandMachine.start(Form.LONG)).containsExactly(new StartAckTimer(), new Send(Form.LONG, 0));
        assertThat(CommandMachine.initial(Form.INT)).isEqualTo(FIRST_INT);
    }
}

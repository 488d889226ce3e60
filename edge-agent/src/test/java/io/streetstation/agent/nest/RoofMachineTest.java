package io.streetstation.agent.nest;

import static io.streetstation.agent.nest.Actuation.ROOF_CLOSE;
import static io.streetstation.agent.nest.Actuation.ROOF_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.nest.RoofMachine.Action;
import io.streetstation.agent.nest.RoofMachine.Alarm;
import io.streetstation.agent.nest.RoofMachine.CancelDeadline;
import io.streetstation.agent.nest.RoofMachine.CloseRequested;
import io.streetstation.agent.nest.RoofMachine.Closed;
import io.streetstation.agent.nest.RoofMachine.Closing;
import io.streetstation.agent.nest.RoofMachine.Context;
import io.streetstation.agent.nest.RoofMachine.ControllerRefused;
import io.streetstation.agent.nest.RoofMachine.CorridorEntered;
import io.streetstation.agent.nest.RoofMachine.EStopped;
import io.streetstation.agent.nest.RoofMachine.Event;
import io.streetstation.agent.nest.RoofMachine.Faulted;
import io.streetstation.agent.nest.RoofMachine.Go;
import io.streetstation.agent.nest.RoofMachine.MotorClose;
import io.streetstation.agent.nest.RoofMachine.MotorOpen;
import io.streetstation.agent.nest.RoofMachine.MotorStop;
import io.streetstation.agent.nest.RoofMachine.Open;
import io.streetstation.agent.nest.RoofMachine.OpenRequested;
import io.streetstation.agent.nest.RoofMachine.Opening;
import io.streetstation.agent.nest.RoofMachine.Phase;
import io.streetstation.agent.nest.RoofMachine.Refused;
import io.streetstation.agent.nest.RoofMachine.Rejected;
import io.streetstation.agent.nest.RoofMachine.Reported;
import io.streetstation.agent.nest.RoofMachine.RequestStatus;
import io.streetstation.agent.nest.RoofMachine.ResetRequested;
import io.streetstation.agent.nest.RoofMachine.StartDeadline;
import io.streetstation.agent.nest.RoofMachine.State;
import io.streetstation.agent.nest.RoofMachine.StopRequested;
import io.streetstation.agent.nest.RoofMachine.Stopped;
import io.streetstation.agent.nest.RoofMachine.TimedOut;
import io.streetstation.agent.nest.RoofMachine.Transition;
import io.streetstation.agent.nest.RoofMachine.Unknown;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The roof's transition table, row by row: every state × every event (each ROOF_STATE phase its own
 * event) with the outcome, the next state and the exact actions in order; then the rows that must
 * change nothing, the rows the interlocks guard, and the safety rules as tests of their own.
 */
class RoofMachineTest {

    private static final OperationsSettings.Roof TIMINGS = OperationsSettings.defaults().roof();
    private static final Duration OPEN_DEADLINE = Duration.ofSeconds(27);
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);

    // one sample of each state; the positions differ so that a position taken from the wrong place shows
    private static final State UNKNOWN = new Unknown();
    private static final State CLOSED = new Closed();
    private static final State OPENING = new Opening(40);
    private static final State OPEN = new Open();
    private static final State CLOSING = new Closing(60);
    private static final State STOPPED = new Stopped(35, "stop requested");
    private static final State FAULTED = new Faulted("no OPEN limit within 27 s (at 40 %)");
    private static final String AS_FAULTED = "faulted (no OPEN limit within 27 s (at 40 %))";

    private static final Event OPEN_REQUESTED = new OpenRequested();
    private static final Event CLOSE_REQUESTED = new CloseRequested();
    private static final Event STOP_REQUESTED = new StopRequested();
    private static final Event RESET_REQUESTED = new ResetRequested();
    private static final Event TIMED_OUT = new TimedOut();
    private static final Event E_STOPPED = new EStopped("panel");
    private static final Event CORRIDOR_ENTERED = new CorridorEntered("drone-7");
    private static final Event CONTROLLER_REFUSED = new ControllerRefused("limit switch open");

    /** Every report is at 55 %; a FAULT report carries fault code 0x0102. */
    private static final int REPORTED_AT = 55;

    private static Reported reported(Phase phase) {
        return new Reported(phase, REPORTED_AT, phase == Phase.FAULT ? 0x0102 : 0);
    }

    // ---- the table

    static Stream<Row> table() {
        return Stream.of(
                row(UNKNOWN, CONTROLLER_REFUSED, go(exactly(UNKNOWN),
                        alarm("refused a roof command", "unknown", "limit switch open"))),
                row(CLOSED, CONTROLLER_REFUSED, go(exactly(CLOSED),
                        alarm("refused a roof command", "closed", "limit switch open"))),
                row(OPENING, CONTROLLER_REFUSED, go(stopped(40, "refused to open", "limit switch open"), STOP, CANCEL,
                        alarm("refused to open the roof", "limit switch open"))),
                row(OPEN, CONTROLLER_REFUSED, go(exactly(OPEN),
                        alarm("refused a roof command", "open", "limit switch open"))),
                row(CLOSING, CONTROLLER_REFUSED, go(stopped(60, "refused to close", "limit switch open"), STOP, CANCEL,
                        alarm("refused to close the roof", "limit switch open"))),
                row(STOPPED, CONTROLLER_REFUSED, go(exactly(STOPPED),
                        alarm("refused a roof command", "stopped at 35 % (stop requested)", "limit switch open"))),
                row(FAULTED, CONTROLLER_REFUSED, go(exactly(FAULTED),
                        alarm("refused a roof command", AS_FAULTED, "limit switch open"))),
                // Unknown: nothing moves on request until the controller has reported
                row(UNKNOWN, OPEN_REQUESTED, rejected("unknown")),
                row(UNKNOWN, CLOSE_REQUESTED, rejected("unknown")),
                row(UNKNOWN, STOP_REQUESTED, go(exactly(UNKNOWN), STOP)),
                row(UNKNOWN, RESET_REQUESTED, rejected("nothing to reset", "unknown")),
                row(UNKNOWN, TIMED_OUT, rejected("no motion deadline", "unknown")),
                row(UNKNOWN, E_STOPPED, go(exactly(UNKNOWN), STOP)),
                row(UNKNOWN, CORRIDOR_ENTERED, go(exactly(UNKNOWN))),
                row(UNKNOWN, reported(Phase.CLOSED), go(exactly(CLOSED))),
                row(UNKNOWN, reported(Phase.OPENING), go(stopped(55, "found opening", "no command of ours"),
                        STOP, alarm("found opening", "at 55 %", "no command of ours", "stopped"))),
                row(UNKNOWN, reported(Phase.OPEN), go(exactly(OPEN))),
                row(UNKNOWN, reported(Phase.CLOSING), go(stopped(55, "found closing", "no command of ours"),
                        STOP, alarm("found closing", "at 55 %", "no command of ours", "stopped"))),
                row(UNKNOWN, reported(Phase.STOPPED), go(stopped(55, "found stopped"))),
                row(UNKNOWN, reported(Phase.FAULT), controllerFault()),

                // Closed
                row(CLOSED, OPEN_REQUESTED, go(exactly(new Opening(0)), MOTOR_OPEN, deadline(OPEN_DEADLINE))),
                row(CLOSED, CLOSE_REQUESTED, go(exactly(CLOSED))),
                row(CLOSED, STOP_REQUESTED, go(exactly(CLOSED), STOP)),
                row(CLOSED, RESET_REQUESTED, rejected("nothing to reset", "closed")),
                row(CLOSED, TIMED_OUT, rejected("no motion deadline", "closed")),
                row(CLOSED, E_STOPPED, go(exactly(CLOSED), STOP)),
                row(CLOSED, CORRIDOR_ENTERED, go(exactly(CLOSED))),
                row(CLOSED, reported(Phase.CLOSED), go(exactly(CLOSED))),
                row(CLOSED, reported(Phase.OPENING), fault("reports opening at 55 %", "should be closed")),
                row(CLOSED, reported(Phase.OPEN), fault("reports open at 55 %", "should be closed")),
                row(CLOSED, reported(Phase.CLOSING), fault("reports closing at 55 %", "should be closed")),
                row(CLOSED, reported(Phase.STOPPED), fault("reports stopped at 55 %", "should be closed")),
                row(CLOSED, reported(Phase.FAULT), controllerFault()),

                // Opening(40)
                row(OPENING, OPEN_REQUESTED, go(exactly(OPENING))),
                row(OPENING, CLOSE_REQUESTED, go(exactly(new Closing(40)), MOTOR_CLOSE, deadline(CLOSE_DEADLINE))),
                row(OPENING, STOP_REQUESTED, go(stopped(40, "stop requested"), STOP, CANCEL)),
                row(OPENING, RESET_REQUESTED, rejected("nothing to reset", "opening (40 %)")),
                row(OPENING, TIMED_OUT, fault("no OPEN limit", "27 s", "at 40 %")),
                row(OPENING, E_STOPPED, go(stopped(40, "E-stop (panel)"), STOP, CANCEL)),
                row(OPENING, CORRIDOR_ENTERED, go(exactly(OPENING))),
                row(OPENING, reported(Phase.CLOSED), go(exactly(OPENING))),         // lags the command
                row(OPENING, reported(Phase.OPENING), go(exactly(new Opening(55)))),
                row(OPENING, reported(Phase.OPEN), go(exactly(OPEN), CANCEL)),
                row(OPENING, reported(Phase.CLOSING), go(exactly(OPENING))),        // lags the command
                row(OPENING, reported(Phase.STOPPED), go(exactly(OPENING))),        // lags a resume; FAULT means stall
                row(OPENING, reported(Phase.FAULT), controllerFault()),

                // Open
                row(OPEN, OPEN_REQUESTED, go(exactly(OPEN))),
                row(OPEN, CLOSE_REQUESTED, go(exactly(new Closing(100)), MOTOR_CLOSE, deadline(CLOSE_DEADLINE))),
                row(OPEN, STOP_REQUESTED, go(exactly(OPEN), STOP)),
                row(OPEN, RESET_REQUESTED, rejected("nothing to reset", "open")),
                row(OPEN, TIMED_OUT, rejected("no motion deadline", "open")),
                row(OPEN, E_STOPPED, go(exactly(OPEN), STOP)),
                row(OPEN, CORRIDOR_ENTERED, go(exactly(OPEN))),
                row(OPEN, reported(Phase.CLOSED), fault("reports closed at 55 %", "should be open")),
                row(OPEN, reported(Phase.OPENING), fault("reports opening at 55 %", "should be open")),
                row(OPEN, reported(Phase.OPEN), go(exactly(OPEN))),
                row(OPEN, reported(Phase.CLOSING), fault("reports closing at 55 %", "should be open")),
                row(OPEN, reported(Phase.STOPPED), fault("reports stopped at 55 %", "should be open")),
                row(OPEN, reported(Phase.FAULT), controllerFault()),

                // Closing(60)
                row(CLOSING, OPEN_REQUESTED, go(exactly(new Opening(60)), MOTOR_OPEN, deadline(OPEN_DEADLINE))),
                row(CLOSING, CLOSE_REQUESTED, go(exactly(CLOSING))),
                row(CLOSING, STOP_REQUESTED, go(stopped(60, "stop requested"), STOP, CANCEL)),
                row(CLOSING, RESET_REQUESTED, rejected("nothing to reset", "closing (60 %)")),
                row(CLOSING, TIMED_OUT, fault("no CLOSED limit", "30 s", "at 60 %")),
                row(CLOSING, E_STOPPED, go(stopped(60, "E-stop (panel)"), STOP, CANCEL)),
                row(CLOSING, CORRIDOR_ENTERED, go(stopped(60, "drone-7", "entered the corridor"), STOP, CANCEL,
                        alarm("stopped closing at 60 %", "drone-7", "entered the launch/landing corridor"))),
                row(CLOSING, reported(Phase.CLOSED), go(exactly(CLOSED), CANCEL)),
                row(CLOSING, reported(Phase.OPENING), go(exactly(CLOSING))),        // lags the command
                row(CLOSING, reported(Phase.OPEN), go(exactly(CLOSING))),           // lags the command
                row(CLOSING, reported(Phase.CLOSING), go(exactly(new Closing(55)))),
                row(CLOSING, reported(Phase.STOPPED), go(exactly(CLOSING))),        // lags a resume; FAULT means stall
                row(CLOSING, reported(Phase.FAULT), controllerFault()),

                // Stopped(35, "stop requested")
                row(STOPPED, OPEN_REQUESTED, go(exactly(new Opening(35)), MOTOR_OPEN, deadline(OPEN_DEADLINE))),
                row(STOPPED, CLOSE_REQUESTED, go(exactly(new Closing(35)), MOTOR_CLOSE, deadline(CLOSE_DEADLINE))),
                row(STOPPED, STOP_REQUESTED, go(exactly(STOPPED), STOP)),
                row(STOPPED, RESET_REQUESTED, rejected("nothing to reset", "stopped at 35 % (stop requested)")),
                row(STOPPED, TIMED_OUT, rejected("no motion deadline", "stopped at 35 % (stop requested)")),
                row(STOPPED, E_STOPPED, go(exactly(STOPPED), STOP)),
                row(STOPPED, CORRIDOR_ENTERED, go(exactly(STOPPED))),
                row(STOPPED, reported(Phase.CLOSED), go(exactly(CLOSED))),
                row(STOPPED, reported(Phase.OPENING), go(exactly(new Stopped(55, "stop requested")), STOP)),
                row(STOPPED, reported(Phase.OPEN), go(exactly(OPEN))),
                row(STOPPED, reported(Phase.CLOSING), go(exactly(new Stopped(55, "stop requested")), STOP)),
                row(STOPPED, reported(Phase.STOPPED), go(exactly(new Stopped(55, "stop requested")))),
                row(STOPPED, reported(Phase.FAULT), controllerFault()),

                // Faulted: latched until reset
                row(FAULTED, OPEN_REQUESTED, rejected(AS_FAULTED, "reset it first")),
                row(FAULTED, CLOSE_REQUESTED, rejected(AS_FAULTED, "reset it first")),
                row(FAULTED, STOP_REQUESTED, go(exactly(FAULTED), STOP)),
                row(FAULTED, RESET_REQUESTED, go(exactly(UNKNOWN), REQUEST_STATUS)),
                row(FAULTED, TIMED_OUT, rejected("no motion deadline", AS_FAULTED)),
                row(FAULTED, E_STOPPED, go(exactly(FAULTED), STOP)),
                row(FAULTED, CORRIDOR_ENTERED, go(exactly(FAULTED))),
                row(FAULTED, reported(Phase.CLOSED), go(exactly(FAULTED))),
                row(FAULTED, reported(Phase.OPENING), go(exactly(FAULTED), STOP)),   // must not move: stop again
                row(FAULTED, reported(Phase.OPEN), go(exactly(FAULTED))),
                row(FAULTED, reported(Phase.CLOSING), go(exactly(FAULTED), STOP)),
                row(FAULTED, reported(Phase.STOPPED), go(exactly(FAULTED))),
                row(FAULTED, reported(Phase.FAULT), go(exactly(FAULTED))));
    }

    @Test
    void table_hasOneRowForEveryStateAndEvent() {
        Set<String> states = Arrays.stream(State.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toSet());
        List<String> events = new ArrayList<>();
        for (Class<?> e : Event.class.getPermittedSubclasses()) {
            if (e == Reported.class) {
                Arrays.stream(Phase.values()).forEach(p -> events.add("Reported(" + p + ")"));
            } else {
                events.add(e.getSimpleName());
            }
        }
        Set<String> expected = states.stream().flatMap(s -> events.stream().map(e -> s + " × " + e))
                .collect(Collectors.toSet());

        List<String> rows = table().map(Row::pair).toList();

        assertThat(expected).hasSize(7 * 14);
        assertThat(rows).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyStateAndEvent_givesTheTablesOutcome(Row row) {
        FakeInterlocks interlocks = FakeInterlocks.permitting();

        Transition t = RoofMachine.step(row.state(), row.event(), interlocks.context());

        switch (row.expected()) {
            case ExpectGo g -> {
                assertThat(t).as("%s: outcome", row).isInstanceOf(Go.class);
                Go go = (Go) t;
                g.next().check(row, go.next());
                assertActions(row, go.actions(), g.actions());
            }
            case ExpectRejected r -> {
                assertThat(t).as("%s: outcome", row).isInstanceOf(Rejected.class);
                assertThat(((Rejected) t).reason()).as("%s: reason", row).contains(r.reasonHas());
            }
        }
    }

    // ---- rejections

    /** Requests in Unknown and Faulted, a reset outside Faulted, a deadline outside Opening/Closing. */
    static Stream<Arguments> illegalPairs() {
        return Stream.of(
                illegal(UNKNOWN, OPEN_REQUESTED, "unknown"),
                illegal(UNKNOWN, CLOSE_REQUESTED, "unknown"),
                illegal(FAULTED, OPEN_REQUESTED, RoofMachine.describe(FAULTED)),
                illegal(FAULTED, CLOSE_REQUESTED, RoofMachine.describe(FAULTED)),
                illegal(UNKNOWN, RESET_REQUESTED, "unknown"),
                illegal(CLOSED, RESET_REQUESTED, "closed"),
                illegal(OPENING, RESET_REQUESTED, "opening (40 %)"),
                illegal(OPEN, RESET_REQUESTED, "open"),
                illegal(CLOSING, RESET_REQUESTED, "closing (60 %)"),
                illegal(STOPPED, RESET_REQUESTED, "stopped at 35 % (stop requested)"),
                illegal(UNKNOWN, TIMED_OUT, "unknown"),
                illegal(CLOSED, TIMED_OUT, "closed"),
                illegal(OPEN, TIMED_OUT, "open"),
                illegal(STOPPED, TIMED_OUT, "stopped at 35 % (stop requested)"),
                illegal(FAULTED, TIMED_OUT, RoofMachine.describe(FAULTED)));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("illegalPairs")
    void illegalPair_isRejected_namingTheState_andChangesNothing(String state, String event, State s, Event e,
                                                                  String stateWords) {
        FakeInterlocks interlocks = FakeInterlocks.refusingEverything();

        Transition t = RoofMachine.step(s, e, interlocks.context());

        assertThat(t).as("%s × %s", state, event).isInstanceOf(Rejected.class);
        assertThat(((Rejected) t).reason()).as("%s × %s: reason", state, event).contains(stateWords);
        assertThat(interlocks.asked()).as("%s × %s: a rejected pair does not even ask the interlocks", state, event)
                .isEmpty();
    }

    @Test
    void aRejection_carriesAReasonOnly_noStateAndNoActions() {
        assertThat(Rejected.class.getRecordComponents()).extracting(RecordComponent::getName).containsExactly("reason");
        assertThat(Refused.class.getRecordComponents()).extracting(RecordComponent::getName)
                .containsExactly("refusals");
    }

    @Test
    void rejectedPairs_areExactlyTheIllegalOnes() {
        Context permitting = FakeInterlocks.permitting().context();
        Set<String> rejectedInTable = table()
                .filter(r -> RoofMachine.step(r.state(), r.event(), permitting) instanceof Rejected)
                .map(Row::pair).collect(Collectors.toSet());

        Set<String> listed = illegalPairs().map(a -> a.get()[0] + " × " + a.get()[1]).collect(Collectors.toSet());

        assertThat(rejectedInTable).isEqualTo(listed);
    }

    // ---- interlocks

    /** The requests that would set the motor moving, and the actuation each must be checked as. */
    static Stream<Arguments> guardedPairs() {
        return Stream.of(
                guarded(CLOSED, OPEN_REQUESTED, ROOF_OPEN),
                guarded(STOPPED, OPEN_REQUESTED, ROOF_OPEN),
                guarded(CLOSING, OPEN_REQUESTED, ROOF_OPEN),
                guarded(OPEN, CLOSE_REQUESTED, ROOF_CLOSE),
                guarded(STOPPED, CLOSE_REQUESTED, ROOF_CLOSE),
                guarded(OPENING, CLOSE_REQUESTED, ROOF_CLOSE));
    }

    @ParameterizedTest(name = "{0} × {1} checks {4}")
    @MethodSource("guardedPairs")
    void motionRequest_refusedByTheInterlocks_isRefused_withThatRefusal_andNothingMoves(
            String state, String event, State s, Event e, Actuation a) {
        FakeInterlocks interlocks = FakeInterlocks.refusingEverything();

        Transition t = RoofMachine.step(s, e, interlocks.context());

        assertThat(t).as("%s × %s", state, event).isInstanceOf(Refused.class);
        assertThat(((Refused) t).refusals()).as("%s × %s: refusals", state, event)
                .containsExactly(FakeInterlocks.refusal(a));
        assertThat(interlocks.asked()).as("%s × %s: asked", state, event).containsExactly(a);
    }

    @ParameterizedTest(name = "{0} × {1} checks {4}")
    @MethodSource("guardedPairs")
    void motionRequest_permittedByTheInterlocks_asksThemOnce_forItsActuation(String state, String event, State s,
                                                                            Event e, Actuation a) {
        FakeInterlocks interlocks = FakeInterlocks.permitting();

        Transition t = RoofMachine.step(s, e, interlocks.context());

        assertThat(t).as("%s × %s", state, event).isInstanceOf(Go.class);
        assertThat(interlocks.asked()).as("%s × %s: asked", state, event).containsExactly(a);
    }

    @Test
    void everyOtherPair_neverAsksTheInterlocks_andIsTheSameWhenTheyRefuseEverything() {
        Set<String> guarded = guardedPairs().map(a -> a.get()[0] + " × " + a.get()[1]).collect(Collectors.toSet());

        table().filter(r -> !guarded.contains(r.pair())).forEach(r -> {
            FakeInterlocks refusing = FakeInterlocks.refusingEverything();

            Transition underRefusal = RoofMachine.step(r.state(), r.event(), refusing.context());

            assertThat(underRefusal).as(r.pair())
                    .isEqualTo(RoofMachine.step(r.state(), r.event(), FakeInterlocks.permitting().context()))
                    .isNotInstanceOf(Refused.class);
            assertThat(refusing.asked()).as(r.pair()).isEmpty();
        });
    }

    static Stream<State> everyState() {
        return Stream.of(UNKNOWN, CLOSED, OPENING, OPEN, CLOSING, STOPPED, FAULTED);
    }

    @ParameterizedTest
    @MethodSource("everyState")
    void stopRequested_isNeverRefused_andAlwaysReachesTheMotor(State s) {
        FakeInterlocks interlocks = FakeInterlocks.refusingEverything();

        Transition t = RoofMachine.step(s, STOP_REQUESTED, interlocks.context());

        assertThat(t).as(RoofMachine.describe(s)).isInstanceOf(Go.class);
        assertThat(((Go) t).actions()).as(RoofMachine.describe(s)).first().isEqualTo(new MotorStop());
        assertThat(interlocks.asked()).as(RoofMachine.describe(s)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("everyState")
    void eStopped_isNeverRefused_andAlwaysSendsAStop(State s) {
        FakeInterlocks interlocks = FakeInterlocks.refusingEverything();

        Transition t = RoofMachine.step(s, E_STOPPED, interlocks.context());

        assertThat(t).as(RoofMachine.describe(s)).isInstanceOf(Go.class);
        assertThat(((Go) t).actions()).as(RoofMachine.describe(s)).first().isEqualTo(new MotorStop());
        assertThat(interlocks.asked()).as(RoofMachine.describe(s)).isEmpty();
    }

    // ---- safety

    @ParameterizedTest
    @MethodSource("movingStates")
    void movingRoof_eStopped_goesToStopped_withMotorStopFirst(State moving, int position) {
        Transition t = RoofMachine.step(moving, new EStopped("door contact"),
                FakeInterlocks.refusingEverything().context());

        assertThat(t).isInstanceOf(Go.class);
        Go go = (Go) t;
        assertThat(go.next()).isEqualTo(new Stopped(position, "E-stop (door contact)"));
        assertThat(go.actions()).containsExactly(new MotorStop(), new CancelDeadline());
    }

    static Stream<Arguments> movingStates() {
        return Stream.of(Arguments.of(new Opening(12), 12), Arguments.of(new Closing(87), 87));
    }

    @Test
    void closing_corridorEntered_stops_andAlarmsNamingTheDrone() {
        Transition t = RoofMachine.step(new Closing(73), new CorridorEntered("zb-drone-03"),
                FakeInterlocks.permitting().context());

        assertThat(t).isInstanceOf(Go.class);
        Go go = (Go) t;
        assertThat(go.next()).isInstanceOfSatisfying(Stopped.class, st -> {
            assertThat(st.positionPercent()).isEqualTo(73);
            assertThat(st.why()).contains("zb-drone-03");
        });
        assertThat(go.actions()).hasSize(3);
        assertThat(go.actions().subList(0, 2)).containsExactly(new MotorStop(), new CancelDeadline());
        assertThat(go.actions().get(2)).isInstanceOfSatisfying(Alarm.class,
                a -> assertThat(a.text()).contains("zb-drone-03", "73 %", "corridor"));
    }

    @Test
    void opening_corridorEntered_keepsOpening_sinceTheDroneNeedsTheRoofOpen() {
        Transition t = RoofMachine.step(new Opening(20), new CorridorEntered("zb-drone-03"),
                FakeInterlocks.permitting().context());

        assertThat(t).isEqualTo(new Go(new Opening(20), List.of()));
    }

    @Test
    void faulted_latchesThroughEveryReport_stoppingAnyMotion_untilResetRequested_thenAsksForStatus() {
        Context ctx = FakeInterlocks.permitting().context();
        Transition timedOut = RoofMachine.step(new Opening(40), TIMED_OUT, ctx);
        assertThat(timedOut).isInstanceOf(Go.class);
        State latched = ((Go) timedOut).next();
        assertThat(latched).isInstanceOfSatisfying(Faulted.class, f -> assertThat(f.why()).contains("27 s", "at 40 %"));
        State s = latched;

        for (Phase p : Phase.values()) {
            for (int position : new int[] {0, 50, 100}) {
                Transition t = RoofMachine.step(s, new Reported(p, position, 0x0007), ctx);
                List<Action> expected = p == Phase.OPENING || p == Phase.CLOSING ? List.of(new MotorStop()) : List.of();
                assertThat(t).as("%s at %d %%", p, position).isEqualTo(new Go(latched, expected));
                s = ((Go) t).next();
            }
        }
        assertThat(RoofMachine.step(s, OPEN_REQUESTED, ctx)).isInstanceOf(Rejected.class);
        assertThat(RoofMachine.step(s, CLOSE_REQUESTED, ctx)).isInstanceOf(Rejected.class);

        assertThat(RoofMachine.step(s, RESET_REQUESTED, ctx))
                .isEqualTo(new Go(new Unknown(), List.of(new RequestStatus())));
    }

    @Test
    void opening_timedOut_goesToFaulted_stoppingTheMotorAndRaisingAnAlarm() {
        Transition t = RoofMachine.step(new Opening(40), TIMED_OUT, FakeInterlocks.permitting().context());

        assertThat(t).isInstanceOf(Go.class);
        Go go = (Go) t;
        assertThat(go.next()).isInstanceOfSatisfying(Faulted.class,
                f -> assertThat(f.why()).contains("no OPEN limit", "27 s", "at 40 %"));
        assertThat(go.actions()).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("MotorStop", "CancelDeadline", "Alarm");
    }

    // ---- expectations

    private record Row(State state, Event event, Expected expected) {

        String pair() {
            return state.getClass().getSimpleName() + " × " + label(event);
        }

        @Override
        public String toString() {
            return pair() + " (" + RoofMachine.describe(state) + ")";
        }
    }

    private sealed interface Expected permits ExpectGo, ExpectRejected {
    }

    private record ExpectGo(Next next, List<Act> actions) implements Expected {
    }

    private record ExpectRejected(String... reasonHas) implements Expected {
    }

    /** The expected next state: equal to {@code state}, or of its kind with its position and these words in why. */
    private record Next(State state, String... whyHas) {

        void check(Row row, State actual) {
            if (whyHas.length == 0) {
                assertThat(actual).as("%s: next state", row).isEqualTo(state);
                return;
            }
            assertThat(actual).as("%s: next state", row).isInstanceOf(state.getClass());
            switch (actual) {
                case Stopped st -> {
                    assertThat(st.positionPercent()).as("%s: position", row)
                            .isEqualTo(((Stopped) state).positionPercent());
                    assertThat(st.why()).as("%s: why", row).contains(whyHas);
                }
                case Faulted f -> assertThat(f.why()).as("%s: why", row).contains(whyHas);
                default -> throw new AssertionError("no why in " + actual);
            }
        }
    }

    /** An expected action: equal to {@code exact}, or an alarm whose text has these words. */
    private record Act(Action exact, String... alarmHas) {

        String type() {
            return exact == null ? "Alarm" : exact.getClass().getSimpleName();
        }
    }

    private static final Act STOP = new Act(new MotorStop());
    private static final Act CANCEL = new Act(new CancelDeadline());
    private static final Act MOTOR_OPEN = new Act(new MotorOpen());
    private static final Act MOTOR_CLOSE = new Act(new MotorClose());
    private static final Act REQUEST_STATUS = new Act(new RequestStatus());

    private static Act deadline(Duration after) {
        return new Act(new StartDeadline(after));
    }

    private static Act alarm(String... words) {
        return new Act(null, words);
    }

    private static void assertActions(Row row, List<Action> actual, List<Act> expected) {
        assertThat(actual).extracting(a -> a.getClass().getSimpleName()).as("%s: actions, in order", row)
                .containsExactlyElementsOf(expected.stream().map(Act::type).toList());
        for (int i = 0; i < expected.size(); i++) {
            Act want = expected.get(i);
            if (want.exact() != null) {
                assertThat(actual.get(i)).as("%s: action %d", row, i).isEqualTo(want.exact());
            } else {
                assertThat(((Alarm) actual.get(i)).text()).as("%s: alarm text", row).contains(want.alarmHas());
            }
        }
    }

    private static Row row(State s, Event e, Expected expected) {
        return new Row(s, e, expected);
    }

    private static ExpectGo go(Next next, Act... actions) {
        return new ExpectGo(next, List.of(actions));
    }

    private static ExpectRejected rejected(String... reasonHas) {
        return new ExpectRejected(reasonHas);
    }

    private static Next exactly(State s) {
        return new Next(s);
    }

    private static Next stopped(int position, String... whyHas) {
        return new Next(new Stopped(position, ""), whyHas);
    }

    /** Faulted, the motor stopped, the deadline cancelled and an alarm with the same words. */
    private static ExpectGo fault(String... whyHas) {
        String[] alarmHas = Stream.concat(Stream.of("roof faulted"), Arrays.stream(whyHas)).toArray(String[]::new);
        return go(new Next(new Faulted(""), whyHas), STOP, CANCEL, alarm(alarmHas));
    }

    private static ExpectGo controllerFault() {
        return fault("controller fault", "0x0102", "at 55 %");
    }

    private static Arguments illegal(State s, Event e, String stateWords) {
        return Arguments.of(s.getClass().getSimpleName(), label(e), s, e, stateWords);
    }

    private static Arguments guarded(State s, Event e, Actuation a) {
        return Arguments.of(s.getClass().getSimpleName(), label(e), s, e, a);
    }

    private static String label(Event e) {
        return e instanceof Reported r ? "Reported(" + r.phase() + ")" : e.getClass().getSimpleName();
    }

    /** The interlocks as a fake: permits all or refuses all, and records what it was asked. */
    private record FakeInterlocks(boolean refuse, List<Actuation> asked) implements Function<Actuation, List<Refusal>> {

        static FakeInterlocks permitting() {
            return new FakeInterlocks(false, new ArrayList<>());
        }

        static FakeInterlocks refusingEverything() {
            return new FakeInterlocks(true, new ArrayList<>());
        }

        /** A refusal that names the actuation, so a check under the wrong one gives a different value. */
        static Refusal refusal(Actuation a) {
            return new Refusal("estop.active", a, 0, "E-stop (panel) is in force: nothing moves until it is reset");
        }

        @Override
        public List<Refusal> apply(Actuation a) {
            asked.add(a);
            return refuse ? List.of(refusal(a)) : List.of();
        }

        Context context() {
            return new Context(TIMINGS, this);
        }
    }
}

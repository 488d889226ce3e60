package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.mavlink.MissionMachine.AckReceived;
import io.streetstation.bridge.mavlink.MissionMachine.Action;
import io.streetstation.bridge.mavlink.MissionMachine.AwaitingClearAck;
import io.streetstation.bridge.mavlink.MissionMachine.AwaitingCount;
import io.streetstation.bridge.mavlink.MissionMachine.AwaitingItem;
import io.streetstation.bridge.mavlink.MissionMachine.CancelRequested;
import io.streetstation.bridge.mavlink.MissionMachine.CountReceived;
import io.streetstation.bridge.mavlink.MissionMachine.Done;
import io.streetstation.bridge.mavlink.MissionMachine.Event;
import io.streetstation.bridge.mavlink.MissionMachine.Finish;
import io.streetstation.bridge.mavlink.MissionMachine.ItemReceived;
import io.streetstation.bridge.mavlink.MissionMachine.Limits;
import io.streetstation.bridge.mavlink.MissionMachine.RequestReceived;
import io.streetstation.bridge.mavlink.MissionMachine.SendAck;
import io.streetstation.bridge.mavlink.MissionMachine.SendClearAll;
import io.streetstation.bridge.mavlink.MissionMachine.SendCount;
import io.streetstation.bridge.mavlink.MissionMachine.SendItem;
import io.streetstation.bridge.mavlink.MissionMachine.SendRequest;
import io.streetstation.bridge.mavlink.MissionMachine.SendRequestList;
import io.streetstation.bridge.mavlink.MissionMachine.StartTimer;
import io.streetstation.bridge.mavlink.MissionMachine.State;
import io.streetstation.bridge.mavlink.MissionMachine.StoreItem;
import io.streetstation.bridge.mavlink.MissionMachine.TimedOut;
import io.streetstation.bridge.mavlink.MissionMachine.Uploading;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per transition of {@link MissionMachine} and one per illegal (state, event) pair. */
class MavMissionMachineTest {

    static final Limits SPEC = new Limits(5, false);
    static final Limits ARDUPILOT = new Limits(5, true);
    static final MissionItem ITEM = MissionItem.waypoint(473977418, 85455939, 30);

    static final Uploading COUNT_SENT = new Uploading(3, -1, 0, -1);
    static final Uploading ITEM1_SENT = new Uploading(3, 1, 0, -1);
    static final Uploading LAST_SENT = new Uploading(3, 2, 0, -1);
    static final Uploading UPLOAD_EXHAUSTED = new Uploading(3, 1, 5, -1);
    static final AwaitingCount LISTING = new AwaitingCount(0);
    static final AwaitingCount LISTING_EXHAUSTED = new AwaitingCount(5);
    static final AwaitingItem ITEM0 = new AwaitingItem(3, 0, 0);
    static final AwaitingItem ITEM1 = new AwaitingItem(3, 1, 2);
    static final AwaitingItem LAST_ITEM = new AwaitingItem(3, 2, 0);
    static final AwaitingItem ITEM_EXHAUSTED = new AwaitingItem(3, 1, 5);
    static final AwaitingClearAck CLEARING = new AwaitingClearAck(0);
    static final AwaitingClearAck CLEAR_EXHAUSTED = new AwaitingClearAck(5);
    static final Done DONE = new Done(MissionOutcome.COMPLETED, 2, 0, 0, "");

    static final Event ACCEPTED = new AckReceived(0);
    static final Event NO_SPACE = new AckReceived(4);
    static final Event TIMEOUT = new TimedOut();
    static final Event CANCEL = new CancelRequested();

    static Done done(MissionOutcome o, int seq, int retries, int result) {
        return new Done(o, seq, retries, result, "");
    }

    static Arguments row(String name, State from, Event e, Limits l, State to, Action... actions) {
        return Arguments.of(name, from, e, l, to, List.of(actions));
    }

    static Stream<Arguments> transitions() {
        Done uploaded = done(MissionOutcome.COMPLETED, 2, 0, 0);
        Done nack = done(MissionOutcome.ERROR_ACK, 1, 0, 4);
        Done upTimeout = done(MissionOutcome.TIMED_OUT, 1, 5, -1);
        Done upCancel = done(MissionOutcome.CANCELLED, 1, 0, 15);
        Done emptyList = done(MissionOutcome.COMPLETED, -1, 0, 0);
        Done listNack = done(MissionOutcome.ERROR_ACK, -1, 0, 4);
        Done listTimeout = done(MissionOutcome.TIMED_OUT, -1, 5, -1);
        Done listCancel = done(MissionOutcome.CANCELLED, -1, 0, 15);
        Done downloaded = done(MissionOutcome.COMPLETED, 2, 0, 0);
        Done itemNack = done(MissionOutcome.ERROR_ACK, 1, 2, 4);
        Done itemTimeout = done(MissionOutcome.TIMED_OUT, 1, 5, -1);
        Done itemCancel = done(MissionOutcome.CANCELLED, 1, 2, 15);
        Done cleared = done(MissionOutcome.COMPLETED, -1, 0, 0);
        Done clearNack = done(MissionOutcome.ERROR_ACK, -1, 0, 4);
        Done clearTimeout = done(MissionOutcome.TIMED_OUT, -1, 5, -1);
        Done clearCancel = done(MissionOutcome.CANCELLED, -1, 0, -1);
        return Stream.of(
                row("uploading + request(0) -> send item 0", COUNT_SENT, new RequestReceived(0), SPEC,
                        new Uploading(3, 0, 0, -1), new StartTimer(), new SendItem(0)),
                row("uploading + re-request of an earlier item -> resend it", ITEM1_SENT, new RequestReceived(0), SPEC,
                        new Uploading(3, 0, 0, -1), new StartTimer(), new SendItem(0)),
                row("uploading(last sent) + ACCEPTED -> completed", LAST_SENT, ACCEPTED, SPEC, uploaded, new Finish(uploaded)),
                row("uploading + error ACK -> error", ITEM1_SENT, NO_SPACE, SPEC, nack, new Finish(nack)),
                row("uploading + ArduPilot NACK -> keep waiting", ITEM1_SENT, NO_SPACE, ARDUPILOT,
                        new Uploading(3, 1, 0, 4)),
                row("uploading(count only) + timeout -> resend count", COUNT_SENT, TIMEOUT, SPEC,
                        new Uploading(3, -1, 1, -1), new StartTimer(), new SendCount(3)),
                row("uploading(item 1) + timeout -> resend item 1", ITEM1_SENT, TIMEOUT, SPEC,
                        new Uploading(3, 1, 1, -1), new StartTimer(), new SendItem(1)),
                row("uploading + timeout after 5 retries -> timed out", UPLOAD_EXHAUSTED, TIMEOUT, SPEC, upTimeout,
                        new Finish(upTimeout)),
                row("uploading + cancel -> cancelled ack", ITEM1_SENT, CANCEL, SPEC, upCancel, new SendAck(15),
                        new Finish(upCancel)),

                row("awaiting count + count 0 -> ack, completed", LISTING, new CountReceived(0), SPEC, emptyList,
                        new SendAck(0), new Finish(emptyList)),
                row("awaiting count + count 3 -> request 0", LISTING, new CountReceived(3), SPEC, ITEM0,
                        new StartTimer(), new SendRequest(0)),
                row("awaiting count + error ACK -> error", LISTING, NO_SPACE, SPEC, listNack, new Finish(listNack)),
                row("awaiting count + timeout -> resend request list", LISTING, TIMEOUT, SPEC, new AwaitingCount(1),
                        new StartTimer(), new SendRequestList()),
                row("awaiting count + timeout after 5 retries -> timed out", LISTING_EXHAUSTED, TIMEOUT, SPEC,
                        listTimeout, new Finish(listTimeout)),
                row("awaiting count + cancel -> cancelled ack", LISTING, CANCEL, SPEC, listCancel, new SendAck(15),
                        new Finish(listCancel)),

                row("awaiting item + expected item -> store, request next", ITEM1, new ItemReceived(1, ITEM), SPEC,
                        new AwaitingItem(3, 2, 0), new StoreItem(1, ITEM), new StartTimer(), new SendRequest(2)),
                row("awaiting last item + it -> store, ack, completed", LAST_ITEM, new ItemReceived(2, ITEM), SPEC,
                        downloaded, new StoreItem(2, ITEM), new SendAck(0), new Finish(downloaded)),
                row("awaiting item + out-of-sequence item -> dropped, re-requested", ITEM1, new ItemReceived(2, ITEM),
                        SPEC, ITEM1, new StartTimer(), new SendRequest(1)),
                row("awaiting item 0 + repeated count -> re-request 0", ITEM0, new CountReceived(3), SPEC, ITEM0,
                        new StartTimer(), new SendRequest(0)),
                row("awaiting item + error ACK -> error", ITEM1, NO_SPACE, SPEC, itemNack, new Finish(itemNack)),
                row("awaiting item + timeout -> re-request", ITEM1, TIMEOUT, SPEC, new AwaitingItem(3, 1, 3),
                        new StartTimer(), new SendRequest(1)),
                row("awaiting item + timeout after 5 retries -> timed out", ITEM_EXHAUSTED, TIMEOUT, SPEC, itemTimeout,
                        new Finish(itemTimeout)),
                row("awaiting item + cancel -> cancelled ack", ITEM1, CANCEL, SPEC, itemCancel, new SendAck(15),
                        new Finish(itemCancel)),

                row("clearing + ACCEPTED -> completed", CLEARING, ACCEPTED, SPEC, cleared, new Finish(cleared)),
                row("clearing + error ACK -> error", CLEARING, NO_SPACE, SPEC, clearNack, new Finish(clearNack)),
                row("clearing + timeout -> resend clear all", CLEARING, TIMEOUT, SPEC, new AwaitingClearAck(1),
                        new StartTimer(), new SendClearAll()),
                row("clearing + timeout after 5 retries -> timed out", CLEAR_EXHAUSTED, TIMEOUT, SPEC, clearTimeout,
                        new Finish(clearTimeout)),
                row("clearing + cancel -> cancelled", CLEARING, CANCEL, SPEC, clearCancel, new Finish(clearCancel)));
    }

    static Stream<Arguments> illegal() {
        Event count = new CountReceived(3);
        Event request = new RequestReceived(1);
        Event item = new ItemReceived(1, ITEM);
        return Stream.of(
                Arguments.of(COUNT_SENT, count), Arguments.of(COUNT_SENT, item),
                Arguments.of(COUNT_SENT, new RequestReceived(3)), Arguments.of(COUNT_SENT, new RequestReceived(-1)),
                Arguments.of(LISTING, request), Arguments.of(LISTING, item), Arguments.of(LISTING, ACCEPTED),
                Arguments.of(ITEM1, request), Arguments.of(ITEM1, count), Arguments.of(ITEM1, ACCEPTED),
                Arguments.of(CLEARING, count), Arguments.of(CLEARING, request), Arguments.of(CLEARING, item),
                Arguments.of(DONE, count), Arguments.of(DONE, request), Arguments.of(DONE, item),
                Arguments.of(DONE, ACCEPTED), Arguments.of(DONE, NO_SPACE), Arguments.of(DONE, TIMEOUT),
                Arguments.of(DONE, CANCEL));
    }

    private static Object strip(Object o) {
        return switch (o) {
            case Done d -> done(d.outcome(), d.seq(), d.retries(), d.missionResult());
            case Finish f -> new Finish((Done) strip(f.done()));
            default -> o;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String name, State from, Event event, Limits limits, State to, List<Action> actions) {
        MissionMachine.Transition t = MissionMachine.step(from, event, limits);
        assertThat(t.legal()).isTrue();
        assertThat(strip(t.next())).isEqualTo(to);
        assertThat(t.actions().stream().map(MavMissionMachineTest::strip).toList()).isEqualTo(actions);
    }

    @ParameterizedTest(name = "{0} + {1} is illegal")
    @MethodSource("illegal")
    void illegalPair_isRejected_withoutStateChangeOrActions(State from, Event event) {
        MissionMachine.Transition t = MissionMachine.step(from, event, SPEC);
        assertThat(t.legal()).isFalse();
        assertThat(t.next()).isSameAs(from);
        assertThat(t.actions()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void starts_armTheTimerBeforeTheFirstMessage() {
        assertThat(MissionMachine.startUpload(3).actions()).containsExactly(new StartTimer(), new SendCount(3));
        assertThat(MissionMachine.startDownload().actions()).containsExactly(new StartTimer(), new SendRequestList());
        assertThat(MissionMachine.startClear().actions()).containsExactly(new StartTimer(), new SendClearAll());
    }
}

package io.streetstation.agent.nest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.bridge.time.ManualClock;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nest's actor against a fake controller that moves a roof the way STATION.md says (18 s to
 * open, 20 s to close, reports every second), on a manual clock, the inbox run on the caller's
 * thread: whole roof operations, their interlocks and their failures, in microseconds.
 */
class NestTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final FakeNestController roof = new FakeNestController(clock);
    private final List<String> alarms = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final List<NestView.EStop> estops = new ArrayList<>();
    private Nest nest;

    @BeforeEach
    void start() {
        nest = new Nest(OperationsSettings.defaults(), roof, clock, new Nest.Listener() {
            @Override
            public void roofChanged(RoofMachine.State from, RoofMachine.State to) {
                changes.add(RoofMachine.describe(to));
            }

            @Override
            public void estopChanged(NestView.EStop estop) {
                estops.add(estop);
            }

            @Override
            public void alarm(String text) {
                alarms.add(text);
            }
        }, Runnable::run);
        roof.attach(nest);
        nest.controllerOnline(true);
        nest.weatherReported(new WeatherReading(3, 5, 0, 15, T0));
        roof.report();   // the controller's first report: closed
    }

    @Test
    void open_fromClosed_isDoneWhenTheControllerReportsOpen_withProgressOnTheWay() {
        List<Integer> progress = new ArrayList<>();
        CompletableFuture<Nest.Result> open = nest.openRoof(progress::add).toCompletableFuture();

        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN);
        clock.advance(Duration.ofSeconds(17));
        assertThat(open).isNotDone();
        clock.advance(Duration.ofSeconds(1));

        assertThat(open).isCompletedWithValue(new Nest.Done(new RoofMachine.Open()));
        assertThat(progress).isNotEmpty().isSorted().allMatch(p -> p > 0 && p < 100);
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Open());
        assertThat(alarms).isEmpty();
        assertThat(clock.pendingTimers()).as("only the weather re-check").isEqualTo(1);
    }

    @Test
    void close_afterOpen_isDoneAfter20s() {
        openFully();
        CompletableFuture<Nest.Result> close = nest.closeRoof(p -> { }).toCompletableFuture();

        clock.advance(Duration.ofSeconds(20));

        assertThat(close).isCompletedWithValue(new Nest.Done(new RoofMachine.Closed()));
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.CLOSE);
    }

    @Test
    void underAnEStop_openIsRefused_andOnlyTheEStopsOwnStopIsSent() {
        nest.estopReported(true, "local button");

        Nest.Result r = nest.openRoof(p -> { }).toCompletableFuture().join();

        assertThat(r).isInstanceOfSatisfying(Nest.Refused.class, x -> assertThat(x.refusals())
                .extracting(Refusal::code).containsExactly("estop.active"));
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.STOP);
    }

    @Test
    void anEStopDuringOpening_stopsTheMotorAtOnce_andFailsTheRequest() {
        CompletableFuture<Nest.Result> open = nest.openRoof(p -> { }).toCompletableFuture();
        clock.advance(Duration.ofSeconds(9));

        nest.estopReported(true, "remote button");

        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.STOP);
        assertThat(open.join()).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("stopped at", "E-stop (remote button)"));
        clock.advance(Duration.ofSeconds(60));
        assertThat(nest.view().roof()).isInstanceOf(RoofMachine.Stopped.class);
        assertThat(roof.position).isBetween(40.0, 60.0);
    }

    @Test
    void theBoardsEStop_duringOpening_stopsTheRoof_latchesTheController_andHoldsAfterTheRelease() {
        CompletableFuture<Nest.Result> open = nest.openRoof(p -> { }).toCompletableFuture();
        clock.advance(Duration.ofSeconds(9));

        nest.boardEStop(true);

        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.STOP);
        assertThat(roof.estopCommands).containsExactly("TRIGGER");
        assertThat(open.join()).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("E-stop (board button)"));
        assertThat(nest.view().estop()).isEqualTo(new NestView.EStop(true, "board button and agent"));

        nest.boardEStop(false);
        nest.estopReported(false, "");   // even were the controller to forget its latch, the board's holds
        assertThat(nest.view().estop()).isEqualTo(new NestView.EStop(true, "board button"));
        assertThat(nest.openRoof(p -> { }).toCompletableFuture().join()).isInstanceOfSatisfying(Nest.Refused.class,
                r -> assertThat(r.refusals()).extracting(Refusal::code).containsExactly("estop.active"));
        nest.bayReported(BayView.docked(1, 90));
        assertThat(nest.bay(1, Nest.BayAction.CENTRING_RELEASE, BARS).toCompletableFuture().join())
                .isInstanceOfSatisfying(Nest.Refused.class, r -> assertThat(r.refusals()).extracting(Refusal::code)
                        .containsExactly("estop.active"));
        assertThat(roof.bayCommands).isEmpty();
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.STOP);

        assertThat(nest.resetEStop().toCompletableFuture().join()).isInstanceOf(Nest.Done.class);

        assertThat(roof.estopCommands).containsExactly("TRIGGER", "RESET");
        assertThat(nest.view().estop()).isEqualTo(NestView.EStop.CLEAR);
        assertThat(estops).containsExactly(new NestView.EStop(true, "board button"),
                new NestView.EStop(true, "board button and agent"), new NestView.EStop(true, "board button"),
                NestView.EStop.CLEAR);
        assertThat(nest.openRoof(p -> { }).toCompletableFuture()).isNotDone();
        assertThat(roof.sent).endsWith(Nest.RoofMotion.OPEN);
    }

    @Test
    void aReset_whileTheBoardsButtonIsHeld_isRefused_andNotSentToTheController() {
        nest.boardEStop(true);

        assertThat(nest.resetEStop().toCompletableFuture().join()).isEqualTo(new Nest.Failed(BoardEStop.STILL_PRESSED));

        assertThat(roof.estopCommands).containsExactly("TRIGGER");
        assertThat(nest.view().estop().active()).isTrue();
    }

    @Test
    void aReset_theControllerRefuses_leavesTheBoardsLatch() {
        nest.boardEStop(true);
        nest.boardEStop(false);
        roof.buttonHeld = true;

        Nest.Result r = nest.resetEStop().toCompletableFuture().join();

        assertThat(r).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("refused the E-stop reset", "button still pressed"));
        assertThat(nest.view().estop()).isEqualTo(new NestView.EStop(true, "board button and agent"));
    }

    @Test
    void aControllerBackOnline_isLatchedAgain_whileTheBoardsEStopHolds() {
        nest.boardEStop(true);
        nest.boardEStop(false);
        nest.controllerOnline(false);
        nest.controllerOnline(true);

        assertThat(roof.estopCommands).containsExactly("TRIGGER", "TRIGGER");
    }

    @Test
    void aTriggerTheControllerDoesNotTake_raisesAnAlarm_andTheAgentStillHoldsEverything() {
        roof.triggerLost = true;

        nest.boardEStop(true);

        assertThat(alarms).anySatisfy(a -> assertThat(a).contains("did not take the board's E-stop", "no ACK"));
        assertThat(nest.view().estop()).isEqualTo(new NestView.EStop(true, "board button"));
        assertThat(nest.openRoof(p -> { }).toCompletableFuture().join()).isInstanceOf(Nest.Refused.class);
    }

    @Test
    void aBouncingInput_andASecondPress_triggerOnlyOnPressesFromRest() {
        nest.boardEStop(false);   // released while clear: nothing
        assertThat(roof.estopCommands).isEmpty();
        nest.boardEStop(true);
        nest.boardEStop(true);    // held: nothing new
        nest.boardEStop(false);
        nest.boardEStop(true);    // pressed again while latched: the controller is told again

        assertThat(roof.estopCommands).containsExactly("TRIGGER", "TRIGGER");
        assertThat(nest.view().estop().active()).isTrue();
    }

    @Test
    void closeWithADroneInTheCorridor_isRefused() {
        openFully();
        nest.corridor(Optional.of("drone-2"));

        Nest.Result r = nest.closeRoof(p -> { }).toCompletableFuture().join();

        assertThat(r).isInstanceOfSatisfying(Nest.Refused.class, x -> assertThat(x.refusals()).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("drone-2")));
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN);
    }

    @Test
    void aDroneEnteringTheCorridorWhileClosing_stopsTheRoof_withAnAlarm() {
        openFully();
        CompletableFuture<Nest.Result> close = nest.closeRoof(p -> { }).toCompletableFuture();
        clock.advance(Duration.ofSeconds(5));

        nest.corridor(Optional.of("drone-3"));

        assertThat(roof.sent).endsWith(Nest.RoofMotion.STOP);
        assertThat(close.join()).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("drone-3 entered the corridor"));
        assertThat(alarms).anyMatch(a -> a.contains("drone-3"));
    }

    @Test
    void aStall_faultsTheRoof_whichStaysFaultedUntilAReset() {
        roof.stallAt = 30;
        CompletableFuture<Nest.Result> open = nest.openRoof(p -> { }).toCompletableFuture();
        clock.advance(Duration.ofSeconds(10));

        assertThat(open.join()).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("controller fault 0x0102"));
        assertThat(alarms).anyMatch(a -> a.contains("roof faulted"));
        assertThat(nest.openRoof(p -> { }).toCompletableFuture().join()).isInstanceOfSatisfying(Nest.Failed.class,
                f -> assertThat(f.reason()).contains("reset it first"));

        roof.stallAt = -1;
        assertThat(nest.resetRoof().toCompletableFuture().join()).isEqualTo(new Nest.Done(new RoofMachine.Unknown()));
        assertThat(roof.statusRequests).isEqualTo(1);
        assertThat(nest.view().roof()).isInstanceOf(RoofMachine.Stopped.class);   // the controller reported where it is
        assertThat(nest.openRoof(p -> { }).toCompletableFuture()).isNotDone();
    }

    @Test
    void aMotorThatNeverReachesItsLimit_faultsAtTheDeadline_andIsStopped() {
        roof.deaf = true;
        CompletableFuture<Nest.Result> open = nest.openRoof(p -> { }).toCompletableFuture();

        clock.advance(Duration.ofSeconds(26));
        assertThat(open).isNotDone();
        clock.advance(Duration.ofSeconds(1));

        assertThat(open.join()).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("no OPEN limit within 27 s"));
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.STOP);
    }

    @Test
    void aControllerRefusal_stopsTheRequest_withTheControllersReason() {
        roof.refuse = "E-stop latched in the controller";

        Nest.Result r = nest.openRoof(p -> { }).toCompletableFuture().join();

        assertThat(r).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("controller refused to open: E-stop latched in the controller"));
        assertThat(alarms).anyMatch(a -> a.contains("refused to open the roof"));
    }

    @Test
    void reversing_anOpenWithAClose_failsTheOpenAsSuperseded_andClosesFromWhereItIs() {
        CompletableFuture<Nest.Result> open = nest.openRoof(p -> { }).toCompletableFuture();
        clock.advance(Duration.ofSeconds(6));

        CompletableFuture<Nest.Result> close = nest.closeRoof(p -> { }).toCompletableFuture();

        assertThat(open.join()).isEqualTo(new Nest.Failed("superseded by a request to close"));
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.CLOSE);
        clock.advance(Duration.ofSeconds(10));
        assertThat(close).isCompletedWithValue(new Nest.Done(new RoofMachine.Closed()));
    }

    @Test
    void theWeather_goesStaleWithoutReadings_andTheViewSaysSo() {
        assertThat(nest.view().weather().mayLaunch()).isTrue();

        clock.advance(Duration.ofSeconds(35));

        assertThat(nest.view().weather()).isInstanceOfSatisfying(WeatherGate.Hold.class, h -> assertThat(h.reasons())
                .extracting(Reason::code).containsExactly("weather.stale"));
    }

    @Test
    void theBoardsBackupRainSensorWet_refusesALaunchWithItsReason_andTheListenerHearsTheHold() {
        List<WeatherGate.Decision> heard = new ArrayList<>();
        Nest n = new Nest(OperationsSettings.defaults(), roof, clock, new Nest.Listener() {
            @Override
            public void weatherChanged(WeatherGate.Decision d) {
                heard.add(d);
            }
        }, Runnable::run);
        n.controllerOnline(true);
        n.weatherReported(new WeatherReading(3, 5, 0, 15, T0));
        heard.clear();

        n.rainBackup(true);

        assertThat(n.view().weather().mayLaunch()).isFalse();
        assertThat(heard).singleElement().extracting(d -> d.reasons().getFirst().code()).isEqualTo("weather.rain-backup");
        assertThat(n.checkLaunch(1, "drone-1").toCompletableFuture().join()).extracting(Refusal::code)
                .contains("weather.rain-backup");
        n.rainBackup(true);
        assertThat(heard).as("the same state again changes nothing").hasSize(1);
        n.rainBackup(false);
        assertThat(n.view().weather().reasons()).extracting(Reason::code).containsExactly("weather.clearing");
        n.close();
    }

    @Test
    void untilTheControllerIsOnline_everythingIsRefused() {
        nest.controllerOnline(false);

        assertThat(nest.openRoof(p -> { }).toCompletableFuture().join()).isInstanceOfSatisfying(Nest.Refused.class,
                r -> assertThat(r.refusals()).extracting(Refusal::code).containsExactly("controller.offline"));
    }

    @Test
    void stop_isNeverRefused_evenUnderAnEStopWithTheControllerOffline() {
        nest.estopReported(true, "local button");
        nest.controllerOnline(false);

        assertThat(nest.stopRoof().toCompletableFuture().join()).isInstanceOf(Nest.Done.class);
        assertThat(roof.sent).containsExactly(Nest.RoofMotion.STOP, Nest.RoofMotion.STOP);   // the E-stop's, then ours
    }

    // ---- bays

    private static final Duration BARS = Duration.ofSeconds(6);

    @Test
    void releasingTheBars_isDoneWhenTheBayReportsThemReleased() {
        nest.bayReported(BayView.docked(2, 80));
        CompletableFuture<Nest.Result> release = nest.bay(2, Nest.BayAction.CENTRING_RELEASE, BARS).toCompletableFuture();

        assertThat(roof.bayCommands).containsExactly("2 CENTRING_RELEASE");
        clock.advance(Duration.ofSeconds(3));
        assertThat(release).isNotDone();
        clock.advance(Duration.ofSeconds(1));

        assertThat(release.join()).isInstanceOfSatisfying(Nest.BayDone.class, d -> assertThat(d.bay().centring())
                .isEqualTo(BayView.Centring.RELEASED));
    }

    @Test
    void underAnEStop_bayActuationsAreRefused_butPowerOffAndChargeStopGoThrough() {
        nest.bayReported(BayView.docked(1, 80).withDronePower(true).withCharger(BayView.Charger.CHARGING));
        nest.estopReported(true, "local button");

        assertThat(nest.bay(1, Nest.BayAction.CENTRING_RELEASE, BARS).toCompletableFuture().join())
                .isInstanceOfSatisfying(Nest.Refused.class, r -> assertThat(r.refusals()).extracting(Refusal::code)
                        .containsExactly("estop.active"));
        assertThat(nest.bay(1, Nest.BayAction.DRONE_POWER_OFF, BARS).toCompletableFuture().join()).isInstanceOf(Nest.BayDone.class);
        assertThat(nest.bay(1, Nest.BayAction.CHARGE_STOP, BARS).toCompletableFuture().join()).isInstanceOf(Nest.BayDone.class);
        assertThat(roof.bayCommands).containsExactly("1 DRONE_POWER_OFF", "1 CHARGE_STOP");
    }

    @Test
    void aBayWhoseSensorsDisagree_refusesPowerOn_withTheReason() {
        nest.bayReported(BayView.docked(3, 80).withPresence(true, false));

        assertThat(nest.bay(3, Nest.BayAction.DRONE_POWER_ON, BARS).toCompletableFuture().join())
                .isInstanceOfSatisfying(Nest.Refused.class, r -> assertThat(r.refusals()).singleElement()
                        .satisfies(x -> assertThat(x.reason()).contains("bay 3", "disagree")));
        assertThat(roof.bayCommands).isEmpty();
    }

    @Test
    void barsThatNeverReport_failAtTheDeadline_withWhatTheBayLastSaid() {
        nest.bayReported(BayView.docked(2, 80));
        roof.baysDeaf = true;
        CompletableFuture<Nest.Result> release = nest.bay(2, Nest.BayAction.CENTRING_RELEASE, BARS).toCompletableFuture();

        clock.advance(BARS);

        assertThat(release.join()).isInstanceOfSatisfying(Nest.Failed.class, f -> assertThat(f.reason())
                .contains("bay 2: centring_release not reported done within 6 s", "centring clamped"));
    }

    @Test
    void jammedBars_failWhenTheBayReportsTheFault() {
        nest.bayReported(BayView.docked(4, 80));
        roof.barsJam = true;
        CompletableFuture<Nest.Result> clamp = nest.bay(4, Nest.BayAction.CENTRING_RELEASE, BARS).toCompletableFuture();

        clock.advance(Duration.ofSeconds(4));

        assertThat(clamp.join()).isEqualTo(new Nest.Failed("bay 4: centring bars faulted"));
    }

    @Test
    void aChargerStillSayingFull_overADroneBackAt45Percent_isChargedAnyway() {
        nest.bayReported(BayView.docked(2, 45).withCharger(BayView.Charger.FULL));

        nest.bay(2, Nest.BayAction.CHARGE_START, BARS);
        assertThat(roof.bayCommands).as("FULL at 45 % is stale: the command goes out").containsExactly("2 CHARGE_START");

        roof.bayCommands.clear();
        nest.bayReported(BayView.docked(3, 97).withCharger(BayView.Charger.FULL));
        assertThat(nest.bay(3, Nest.BayAction.CHARGE_START, BARS).toCompletableFuture().join()).isInstanceOf(Nest.BayDone.class);
        assertThat(roof.bayCommands).as("FULL at 97 %: already there, nothing sent").isEmpty();
    }

    @Test
    void aControllerRefusal_failsTheBayCommand_withItsReason() {
        nest.bayReported(BayView.docked(1, 80));
        roof.bayRefuse = "charger over-temperature";

        assertThat(nest.bay(1, Nest.BayAction.CHARGE_START, BARS).toCompletableFuture().join()).isEqualTo(new Nest.Failed(
                "bay 1: the controller refused to charge start: charger over-temperature"));
        assertThat(clock.pendingTimers()).as("the deadline went with it; the weather re-check stays").isEqualTo(1);
    }

    private void openFully() {
        assertThat(nest.openRoof(p -> { }).toCompletableFuture().getNow(null)).isNull();
        clock.advance(Duration.ofSeconds(18));
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Open());
    }
}

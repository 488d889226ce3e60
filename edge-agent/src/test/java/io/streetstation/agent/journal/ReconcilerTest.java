package io.streetstation.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.journal.OpenJob.Phase;
import io.streetstation.agent.journal.OpenJob.StepRecord;
import io.streetstation.agent.journal.RecoveryDecision.Action;
import io.streetstation.agent.journal.RecoveryDecision.Alarm;
import io.streetstation.agent.journal.RecoveryDecision.Clamp;
import io.streetstation.agent.journal.RecoveryDecision.CloseRoof;
import io.streetstation.agent.journal.RecoveryDecision.KeepOnPatrol;
import io.streetstation.agent.journal.RecoveryDecision.MarkJobAbandoned;
import io.streetstation.agent.journal.RecoveryDecision.OpenRoof;
import io.streetstation.agent.journal.RecoveryDecision.PowerOff;
import io.streetstation.agent.journal.RecoveryDecision.ReturnToLaunch;
import io.streetstation.agent.journal.RecoveryDecision.StartCharging;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.NestView;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherGate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler's table, one test per row (see its class comment), and the contradictions. */
class ReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final Reconciler.Policy HOME = Reconciler.Policy.callEveryoneHome();

    /** Drone-2 docked and charging in bay 2, the other bays empty. */
    private static final BayView DOCKED_2 = BayView.docked(2, 80).withCharger(BayView.Charger.CHARGING);
    /** Bay 2 as a launch leaves it mid-way: drone powered, bars released, not charging. */
    private static final BayView LAUNCHING_2 = BayView.docked(2, 80).withCentring(BayView.Centring.RELEASED)
            .withDronePower(true);
    private static final BayView EMPTY_2 = BayView.empty(2);

    private static NestView nest(RoofMachine.State roof, BayView bay2) {
        List<BayView> bays = new ArrayList<>(List.of(BayView.empty(1), BayView.empty(2), BayView.empty(3), BayView.empty(4)));
        bays.set(1, bay2);
        return new NestView(roof, NestView.EStop.CLEAR, true, new WeatherGate.Go(), bays, Optional.empty(), 50);
    }

    private static final RoofMachine.State OPEN = new RoofMachine.Open();
    private static final RoofMachine.State CLOSED = new RoofMachine.Closed();

    private static OpenJob launch(StepRecord... steps) {
        return new OpenJob("launch-1", "launch", Map.of("bay", "2", "drone", "drone-2"), T0, List.of(steps));
    }

    private static StepRecord started(String step) {
        return new StepRecord(step, Phase.STARTED, "", T0);
    }

    private static StepRecord succeeded(String step) {
        return new StepRecord(step, Phase.SUCCEEDED, "", T0);
    }

    private static RecoveryDecision decide(List<OpenJob> journal, NestView nest, DroneObservation drone) {
        return Reconciler.decide(journal, nest, List.of(drone), HOME);
    }

    private static List<Action> notAlarms(RecoveryDecision d) {
        return d.actions().stream().filter(a -> !(a instanceof Alarm)).toList();
    }

    private static final MarkJobAbandoned ABANDONED_LAUNCH = new MarkJobAbandoned("launch-1", "abandoned: the agent stopped "
            + "while it ran (under way: open roof); the station was recovered from the hardware's state");

    // ---- the brief's two cases

    @Test
    void openRoofUnderWay_roofOpenNow_droneAirborne_noRoofCommand_launchAbandoned_droneCalledHome() {
        OpenJob j = launch(started("open roof"));
        RecoveryDecision d = decide(List.of(j), nest(OPEN, EMPTY_2), DroneObservation.flying("drone-2", 2, "GUIDED", 70));

        assertThat(d.actions()).containsExactly(new ReturnToLaunch("drone-2"), ABANDONED_LAUNCH);
        assertThat(d.findings()).anyMatch(f -> f.contains("'open roof' was under way") && f.contains("took effect: not repeated"));
    }

    @Test
    void droneOnTheGroundPoweredBarsReleased_roofOpen_noDroneOut_powerOffClampChargeCloseRoof() {
        OpenJob j = launch(started("open roof"), succeeded("open roof"), started("release centring bay 2"),
                succeeded("release centring bay 2"), started("take off"));
        RecoveryDecision d = decide(List.of(j), nest(OPEN, LAUNCHING_2), DroneObservation.grounded("drone-2", 2));

        assertThat(d.actions()).containsExactly(new PowerOff(2), new Clamp(2), new StartCharging(2), new CloseRoof(),
                new MarkJobAbandoned("launch-1", "abandoned: the agent stopped while it ran (under way: take off); the station "
                        + "was recovered from the hardware's state"));
        assertThat(d.findings()).anyMatch(f -> f.contains("'take off' was under way") && f.contains("did not take effect"));
    }

    // ---- global rows

    @Test
    void g1_eStop_onlyAlarms_nothingMoves_noJobClosed() {
        NestView v = nest(OPEN, LAUNCHING_2).withEStop(new NestView.EStop(true, "local button"));
        RecoveryDecision d = decide(List.of(launch(started("open roof"))), v, DroneObservation.grounded("drone-2", 2));

        assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Alarm.class, a ->
                assertThat(a.text()).startsWith("E-stop (local button) in force").contains("1 unfinished job(s) stay open"));
        assertThat(d.findings()).contains("not done under the E-stop: power off bay 2, clamp bay 2, charge bay 2, close roof");
        assertThat(d.actuates()).isFalse();
    }

    @Test
    void g1_eStop_keepsTheRowsAlarms() {
        NestView v = nest(OPEN, EMPTY_2).withEStop(new NestView.EStop(true, "agent"));
        RecoveryDecision d = decide(List.of(), v, DroneObservation.silent("drone-2", 2));

        assertThat(d.actions()).hasSize(2).allMatch(a -> a instanceof Alarm);
        assertThat(d.actions(Alarm.class).get(1).text()).contains("drone-2 is missing");
    }

    @Test
    void g2_controllerOffline_noNestAction_bayNotRead_airborneDroneNotCalledHome() {
        NestView v = nest(OPEN, LAUNCHING_2).withControllerOnline(false);
        RecoveryDecision d = Reconciler.decide(List.of(), v, List.of(DroneObservation.grounded("drone-2", 2),
                DroneObservation.flying("drone-3", 3, "GUIDED", 60)), HOME);

        assertThat(notAlarms(d)).isEmpty();
        assertThat(d.actions(Alarm.class)).extracting(Alarm::text).satisfiesExactly(
                t -> assertThat(t).contains("nest controller is offline"),
                t -> assertThat(t).startsWith("drone-3 is airborne").contains("roof cannot be used"));
        assertThat(d.findings()).contains("drone-2: on the ground, disarmed; its bay is not known");
    }

    @Test
    void g3_roofFaulted_alarmNoRoofAction_butTheBayIsSecured() {
        RecoveryDecision d = decide(List.of(launch(started("open roof"))),
                nest(new RoofMachine.Faulted("no OPEN limit within 20 s"), LAUNCHING_2), DroneObservation.grounded("drone-2", 2));

        assertThat(notAlarms(d)).startsWith(new PowerOff(2), new Clamp(2), new StartCharging(2));
        assertThat(notAlarms(d).getLast()).isInstanceOf(RecoveryDecision.MarkJobAbandoned.class);
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("faulted");
    }

    @Test
    void g3_roofUnknown_airborneDrone_notCalledHome() {
        RecoveryDecision d = decide(List.of(), nest(new RoofMachine.Unknown(), EMPTY_2),
                DroneObservation.flying("drone-2", 2, "GUIDED", 60));

        assertThat(notAlarms(d)).isEmpty();
        assertThat(d.actions(Alarm.class)).hasSize(2);
    }

    // ---- per drone

    @Test
    void d1_patrolKeptByPolicy_whileItsBatteryIsAboveTheFloor_roofStaysOpen() {
        OpenJob patrol = new OpenJob("patrol-1", "patrol", Map.of("drone", "drone-2", "bay", "2"), T0, List.of(
                started("fly the route")));
        RecoveryDecision d = Reconciler.decide(List.of(patrol), nest(OPEN, EMPTY_2),
                List.of(DroneObservation.flying("drone-2", 2, "AUTO", 60)), Reconciler.Policy.keepPatrols(40));

        assertThat(d.actions()).first().isEqualTo(new KeepOnPatrol("drone-2"));
        assertThat(d.actions()).doesNotContain(new CloseRoof()).hasSize(2);
        assertThat(d.actions().get(1)).isInstanceOf(MarkJobAbandoned.class);
    }

    @Test
    void d1_patrolBelowTheFloor_isCalledHome() {
        OpenJob patrol = new OpenJob("patrol-1", "patrol", Map.of("drone", "drone-2"), T0, List.of());
        RecoveryDecision d = Reconciler.decide(List.of(patrol), nest(OPEN, EMPTY_2),
                List.of(DroneObservation.flying("drone-2", 2, "AUTO", 30)), Reconciler.Policy.keepPatrols(40));

        assertThat(d.actions()).first().isEqualTo(new ReturnToLaunch("drone-2"));
    }

    @Test
    void d1_aPatrolWithoutTheKeepPolicy_isCalledHome() {
        OpenJob patrol = new OpenJob("patrol-1", "patrol", Map.of("drone", "drone-2"), T0, List.of());
        RecoveryDecision d = decide(List.of(patrol), nest(OPEN, EMPTY_2), DroneObservation.flying("drone-2", 2, "AUTO", 90));

        assertThat(d.actions()).first().isEqualTo(new ReturnToLaunch("drone-2"));
    }

    @Test
    void d1_airborne_roofOpen_calledHome_roofNotTouched() {
        RecoveryDecision d = decide(List.of(), nest(OPEN, EMPTY_2), DroneObservation.flying("drone-2", 2, "GUIDED", 70));

        assertThat(d.actions()).containsExactly(new ReturnToLaunch("drone-2"));
    }

    @Test
    void d2_airborneWhileItsBaySeesADrone_contradiction_alarmAndNothingSent() {
        RecoveryDecision d = decide(List.of(), nest(OPEN, DOCKED_2), DroneObservation.flying("drone-2", 2, "GUIDED", 70));

        assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Alarm.class, a ->
                assertThat(a.text()).contains("airborne while bay 2's sensors see a drone"));
    }

    @Test
    void d3_armedOnTheGround_alarm_noBayAction_roofStaysOpen() {
        DroneObservation armed = new DroneObservation("drone-2", 2, true, false, true, "GUIDED", 80);
        RecoveryDecision d = decide(List.of(), nest(OPEN, LAUNCHING_2), armed);

        assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Alarm.class, a ->
                assertThat(a.text()).contains("armed on the ground"));
    }

    @Test
    void d4_dockedAndAlreadySafe_roofClosed_nothingToDo() {
        RecoveryDecision d = decide(List.of(), nest(CLOSED, DOCKED_2), DroneObservation.silent("drone-2", 2));

        assertThat(d.actions()).isEmpty();
        assertThat(d.actuates()).isFalse();
    }

    @Test
    void d4_dockedWithoutLink_clampedButIdle_onlyTheChargeStarts() {
        RecoveryDecision d = decide(List.of(), nest(CLOSED, BayView.docked(2, 40)), DroneObservation.silent("drone-2", 2));

        assertThat(d.actions()).containsExactly(new StartCharging(2));
    }

    @Test
    void d4_dockedAbove95Percent_chargerIdleOrRefused_isLeftAlone_noAlarm() {
        assertThat(decide(List.of(), nest(CLOSED, BayView.docked(2, 96)), DroneObservation.silent("drone-2", 2)).actions())
                .isEmpty();
        assertThat(decide(List.of(), nest(CLOSED, BayView.docked(2, 96).withCharger(BayView.Charger.REFUSED)),
                DroneObservation.silent("drone-2", 2)).actions()).isEmpty();
        assertThat(decide(List.of(), nest(CLOSED, BayView.docked(2, 95)), DroneObservation.silent("drone-2", 2)).actions())
                .as("95 % itself still charges").containsExactly(new StartCharging(2));
    }

    @Test
    void d4_chargerRefusedBelow95Percent_isAnAlarm() {
        RecoveryDecision d = decide(List.of(), nest(CLOSED, BayView.docked(2, 60).withCharger(BayView.Charger.REFUSED)),
                DroneObservation.silent("drone-2", 2));
        assertThat(notAlarms(d)).isEmpty();
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("charger refused");
    }

    @Test
    void d4_aDockedDronePoweredWithoutAJobOfOurs_isLeftOn() {
        RecoveryDecision d = decide(List.of(), nest(CLOSED, BayView.docked(2, 96).withDronePower(true)),
                DroneObservation.grounded("drone-2", 2));

        assertThat(notAlarms(d)).as("someone else's power-on (a technician's check): not ours to undo").isEmpty();
    }

    @Test
    void d4_barsFaulted_powerOffOnly_andAnAlarm() {
        RecoveryDecision d = decide(List.of(launch(started("release centring bay 2"))),
                nest(CLOSED, LAUNCHING_2.withCentring(BayView.Centring.FAULT)), DroneObservation.grounded("drone-2", 2));

        assertThat(notAlarms(d)).startsWith(new PowerOff(2));
        assertThat(notAlarms(d).getLast()).isInstanceOf(RecoveryDecision.MarkJobAbandoned.class);
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("centring bars faulted");
    }

    @Test
    void d4_chargerFaulted_clampButNoCharge_andAnAlarm() {
        RecoveryDecision d = decide(List.of(launch(started("open roof"))), nest(CLOSED, LAUNCHING_2.withCharger(BayView.Charger.FAULT)),
                DroneObservation.grounded("drone-2", 2));

        assertThat(notAlarms(d)).startsWith(new PowerOff(2), new Clamp(2));
        assertThat(notAlarms(d).getLast()).isInstanceOf(RecoveryDecision.MarkJobAbandoned.class);
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("charger fault");
    }

    @Test
    void d5_landedAwayFromItsBay_alarm_roofMayClose() {
        RecoveryDecision d = decide(List.of(), nest(OPEN, EMPTY_2), DroneObservation.grounded("drone-2", 2));

        assertThat(notAlarms(d)).containsExactly(new CloseRoof());
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("away from its bay 2");
    }

    @Test
    void d6_missing_alarm_roofStaysOpenForIt() {
        RecoveryDecision d = decide(List.of(launch(started("leave the corridor"))), nest(OPEN, EMPTY_2),
                DroneObservation.silent("drone-2", 2));

        assertThat(notAlarms(d)).singleElement().isInstanceOf(MarkJobAbandoned.class);
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString()
                .contains("drone-2 is missing").contains("journal: launch launch-1 under way").contains("not closed on it");
    }

    @Test
    void d7_askewWithLink_alarm_noBayAction_roofMayClose() {
        RecoveryDecision d = decide(List.of(), nest(OPEN, LAUNCHING_2.withPresence(true, false)),
                DroneObservation.grounded("drone-2", 2));

        assertThat(notAlarms(d)).containsExactly(new CloseRoof());
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("sensors disagree");
    }

    @Test
    void d8_noLinkAndSensorsDisagree_alarm_roofStaysOpen() {
        RecoveryDecision d = decide(List.of(), nest(OPEN, EMPTY_2.withPresence(false, true)), DroneObservation.silent("drone-2", 2));

        assertThat(notAlarms(d)).isEmpty();
        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("whereabouts unknown");
    }

    // ---- roof rows

    @Test
    void r1_droneCalledHome_roofStoppedPartWay_roofOpensForIt() {
        RecoveryDecision d = decide(List.of(), nest(new RoofMachine.Stopped(40, "found opening with no command of ours; stopped"),
                EMPTY_2), DroneObservation.flying("drone-2", 2, "GUIDED", 50));

        assertThat(d.actions()).containsExactly(new ReturnToLaunch("drone-2"), new OpenRoof());
    }

    @Test
    void r1_droneCalledHome_roofClosed_roofOpensForIt() {
        RecoveryDecision d = decide(List.of(), nest(CLOSED, EMPTY_2), DroneObservation.flying("drone-2", 2, "LOITER", 50));

        assertThat(d.actions()).containsExactly(new ReturnToLaunch("drone-2"), new OpenRoof());
    }

    @Test
    void r2_everyDroneDown_roofStoppedPartWay_closes() {
        RecoveryDecision d = decide(List.of(), nest(new RoofMachine.Stopped(60, "found closing with no command of ours; stopped"),
                DOCKED_2), DroneObservation.silent("drone-2", 2));

        assertThat(d.actions()).containsExactly(new CloseRoof());
    }

    @Test
    void r2_noDronesAtAll_roofOpen_closes() {
        RecoveryDecision d = Reconciler.decide(List.of(), nest(OPEN, EMPTY_2), List.of(), HOME);

        assertThat(d.actions()).containsExactly(new CloseRoof());
    }

    @Test
    void r3_oneDroneDockedOneMissing_roofStaysOpen() {
        NestView v = nest(OPEN, LAUNCHING_2);
        RecoveryDecision d = Reconciler.decide(List.of(launch(started("open roof"))), v, List.of(DroneObservation.grounded("drone-2", 2),
                DroneObservation.silent("drone-3", 3)), HOME);

        assertThat(notAlarms(d)).startsWith(new PowerOff(2), new Clamp(2), new StartCharging(2));
        assertThat(notAlarms(d).getLast()).isInstanceOf(RecoveryDecision.MarkJobAbandoned.class);
        assertThat(d.findings()).anyMatch(f -> f.startsWith("the roof stays open"));
    }

    // ---- journal rows

    @Test
    void j1_barsReleaseUnderWay_barsReleasedNow_tookEffect_notRepeated_andTheyAreClampedAgainFromTheObservedState() {
        RecoveryDecision d = decide(List.of(launch(started("release centring bay 2"))), nest(CLOSED, LAUNCHING_2),
                DroneObservation.grounded("drone-2", 2));

        assertThat(d.findings()).anyMatch(f -> f.contains("'release centring bay 2' was under way") && f.contains("took effect"));
        assertThat(notAlarms(d)).startsWith(new PowerOff(2), new Clamp(2), new StartCharging(2));
    }

    @Test
    void j2_closeRoofUnderWay_roofStoppedPartWay_didNotTakeEffect_andItClosesFromTheObservedState() {
        OpenJob land = new OpenJob("land-1", "land", Map.of("bay", "2", "drone", "drone-2"), T0, List.of(
                succeeded("land on bay 2"), succeeded("clamp bay 2"), started("close roof")));
        RecoveryDecision d = decide(List.of(land), nest(new RoofMachine.Stopped(30, "found closing"), DOCKED_2),
                DroneObservation.silent("drone-2", 2));

        assertThat(d.findings()).anyMatch(f -> f.contains("'close roof' was under way") && f.contains("did not take effect"));
        assertThat(d.actions()).startsWith(new CloseRoof());
    }

    @Test
    void j3_journalSaysLanded_butTheBayIsEmpty_contradiction_alarm_andTheDroneIsTreatedAsMissing() {
        OpenJob land = new OpenJob("land-1", "land", Map.of("bay", "2", "drone", "drone-2"), T0, List.of(
                started("land on bay 2"), succeeded("land on bay 2"), started("clamp bay 2")));
        RecoveryDecision d = decide(List.of(land), nest(OPEN, EMPTY_2), DroneObservation.silent("drone-2", 2));

        assertThat(d.actions(Alarm.class)).extracting(Alarm::text).anyMatch(t -> t.contains("drone-2 is missing"))
                .anyMatch(t -> t.contains("landed in bay 2 but the bay is empty"));
        assertThat(notAlarms(d)).as("no clamp on an empty bay, no roof closed on a missing drone")
                .singleElement().isInstanceOf(MarkJobAbandoned.class);
    }

    @Test
    void j4_takeOffSucceeded_butTheDroneIsDocked_finding() {
        RecoveryDecision d = decide(List.of(launch(succeeded("take off"), started("leave the corridor"))),
                nest(OPEN, LAUNCHING_2), DroneObservation.grounded("drone-2", 2));

        assertThat(d.findings()).anyMatch(f -> f.contains("take-off succeeded, yet drone-2 is in bay 2"));
        assertThat(d.actions()).contains(new CloseRoof());
    }

    @Test
    void j5_aJobNamingAnUnknownDrone_alarm() {
        OpenJob j = new OpenJob("launch-9", "launch", Map.of("drone", "drone-9", "bay", "2"), T0, List.of());
        RecoveryDecision d = decide(List.of(j), nest(CLOSED, DOCKED_2), DroneObservation.silent("drone-2", 2));

        assertThat(d.actions(Alarm.class)).singleElement().extracting(Alarm::text).asString().contains("drone-9");
        assertThat(d.findings()).anyMatch(f -> f.contains("cut short between steps (none had started)"));
    }

    @Test
    void aRecoveryCutShortItself_isClosedLikeAnyJob() {
        OpenJob recover = new OpenJob("recover-1", "recover", Map.of(), T0, List.of(started("raise 1 alarm(s)"),
                succeeded("raise 1 alarm(s)")));
        RecoveryDecision d = decide(List.of(recover), nest(CLOSED, DOCKED_2), DroneObservation.silent("drone-2", 2));

        assertThat(d.actions()).singleElement().isEqualTo(new MarkJobAbandoned("recover-1", "abandoned: the agent stopped "
                + "while it ran; the station was recovered from the hardware's state"));
        assertThat(d.findings()).anyMatch(f -> f.contains("last record: 'raise 1 alarm(s)' succeeded"));
    }
}

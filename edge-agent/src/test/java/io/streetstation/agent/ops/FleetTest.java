package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.FakeNestController;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherReading;
import io.streetstation.agent.ops.SortieMachine.*;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet through the real nest actor, job runner and plans, with a fake controller and four
 * fake drones keeping STATION.md's timings, on a manual clock (every actor runs inline).
 */
class FleetTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final GeoPoint SITE = new GeoPoint(36.8131, 118.0548);

    private final ManualClock clock = new ManualClock(T0);
    private final FakeNestController controller = new FakeNestController(clock);
    private final Map<String, FakeDrone> drones = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private Nest nest;
    private Fleet fleet;
    private double rain;
    /** Set: the operations journal cannot record a job's start (a full disk, say). */
    private volatile String journalFails;
    private final List<String> journalled = new ArrayList<>();
    private final List<String> toldCentral = new ArrayList<>();

    private static OperationsSettings settings() {
        OperationsSettings d = OperationsSettings.defaults();
        OperationsSettings.Flight f = d.flight();
        return new OperationsSettings(d.weather(), d.launch(), d.land(), d.roof(), new OperationsSettings.Flight(f.cruiseSpeed(),
                f.dispatchSpeed(), f.endurance(), f.returnReservePercent(), f.relayLead(), SITE.lat(), SITE.lon(),
                f.geofenceRadius()), d.patrols());
    }

    @BeforeEach
    void start() {
        start(null);
    }

    private void start(String heldFor) {
        OperationsSettings s = settings();
        nest = new Nest(s, controller, clock, new Nest.Listener() { }, Runnable::run);
        controller.attach(nest);
        nest.controllerOnline(true);
        nest.weatherReported(new WeatherReading(3, 5, 0, 15, T0));
        clock.scheduleAtFixedRate(Duration.ofSeconds(5), Duration.ofSeconds(5),   // the weather station reports on
                () -> nest.weatherReported(new WeatherReading(3, 5, rain, 15, clock.now())));
        controller.report();
        List<Fleet.Member> members = new ArrayList<>();
        int[] batteries = {90, 80, 100, 70};
        for (int bay = 1; bay <= 4; bay++) {
            int b = bay;
            FakeDrone d = new FakeDrone(clock, T0, "drone-" + bay);
            d.at = SITE;
            d.battery = batteries[bay - 1];
            d.onTakeOff = () -> nest.bayReported(BayView.empty(b).withCentring(BayView.Centring.RELEASED));
            d.onTouchdown = () -> nest.bayReported(BayView.empty(b).withCentring(BayView.Centring.RELEASED)
                    .withPresence(true, true).withBattery((int) d.battery));
            nest.bayReported(BayView.docked(bay, batteries[bay - 1]));
            drones.put(d.name(), d);
            members.add(new Fleet.Member(bay, d));
        }
        JobRunner runner = new JobRunner(clock, new JobRunner.Listener() {
            @Override
            public void stepFailed(io.streetstation.agent.job.Plan job, io.streetstation.agent.job.Step step, String reason,
                                   Duration took) {
                events.add(job.id() + " failed at " + step.name() + ": " + reason);
            }
        }, Runnable::run);
        fleet = new Fleet(s, nest, runner, members, clock, new Fleet.Listener() {
            @Override
            public void sortieChanged(String drone, State from, State to) {
                events.add(drone + " " + SortieMachine.name(to));
            }

            @Override
            public void handOff(String route, String from, String to, Duration gap) {
                events.add("hand-off " + from + " -> " + to + " gap " + gap.toSeconds());
            }

            @Override
            public void refused(String what, String reason) {
                toldCentral.add(what + ": " + reason);
            }
        }, (plan, params) -> {
            if (journalFails != null) {
                throw new IllegalStateException(journalFails);
            }
            journalled.add(plan.id());
        }, heldFor, Runnable::run);
    }

    private State sortie(String drone) {
        return fleet.view().sorties().get(drone);
    }

    private static <T> T now(CompletionStage<T> s) {
        return s.toCompletableFuture().getNow(null);
    }

    private void tick(Duration d) {
        clock.advance(d);
    }

    @Test
    void launchThenRecall_aWholeSortie_roofOpenedAndClosedAgain() {
        CompletionStage<Fleet.Answer> up = fleet.launch(3);
        tick(Duration.ofSeconds(30));
        assertThat(now(up)).isEqualTo(new Fleet.Accepted("drone-3 airborne"));
        assertThat(sortie("drone-3")).isEqualTo(new Hovering());

        assertThat(now(fleet.recall("drone-3", "test"))).isEqualTo(new Fleet.Accepted("drone-3 recalled: test"));
        tick(Duration.ofMinutes(2));
        assertThat(sortie("drone-3")).isEqualTo(new Docked());
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(events).containsExactly("drone-3 launching", "drone-3 hovering", "drone-3 recalled (test)", "drone-3 landing",
                "drone-3 docked");
    }

    @Test
    void aLaunchWhoseStartCannotBeJournalled_isRefused_andNothingMoves() {
        journalFails = "disk full";

        CompletionStage<Fleet.Answer> up = fleet.launch(1);
        tick(Duration.ofSeconds(30));

        assertThat(now(up)).isEqualTo(new Fleet.Refused("job", "not started, its start could not be journalled: disk full"));
        assertThat(drones.get("drone-1").airborne()).isFalse();
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(journalled).isEmpty();
    }

    @Test
    void aLandingWhoseStartCannotBeJournalled_landsAnyway_andCentralIsTold() {
        fleet.launch(3);
        tick(Duration.ofSeconds(30));
        assertThat(sortie("drone-3")).isEqualTo(new Hovering());
        assertThat(journalled).singleElement().asString().startsWith("launch");
        journalFails = "disk full";

        fleet.recall("drone-3", "test");
        tick(Duration.ofMinutes(2));

        assertThat(sortie("drone-3")).as("%s", events).isEqualTo(new Docked());
        assertThat(toldCentral).singleElement().asString().startsWith("journal land-drone-3-")
                .endsWith(": landing of drone-3 not journalled: disk full");
        assertThat(journalled).hasSize(1);
    }

    @Test
    void aLandingUnderAnEStop_waitsInTheAir_andLandsOnceTheEStopIsReset() {
        fleet.launch(2);
        tick(Duration.ofSeconds(30));
        assertThat(sortie("drone-2")).isEqualTo(new Hovering());
        nest.estopReported(true, "local button");

        fleet.recall("drone-2", "test");
        tick(Duration.ofSeconds(10));

        assertThat(sortie("drone-2")).as("%s", events).isInstanceOfSatisfying(Recalled.class, r ->
                assertThat(r.reason()).startsWith("waiting for the nest: ").contains("estop.active"));
        assertThat(drones.get("drone-2").airborne()).as("not told to come down").isTrue();
        tick(Duration.ofMinutes(2));
        assertThat(sortie("drone-2")).as("still waiting: no landing into a stopped nest").isInstanceOf(Recalled.class);

        nest.estopReported(false, "");
        tick(Duration.ofMinutes(2));

        assertThat(sortie("drone-2")).as("%s", events).isEqualTo(new Docked());
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
    }

    @Test
    void aLaunchAbortedWhileTheRoofOpens_runsItsSafeState_andTheDroneStaysDocked_roofClosed() {
        CompletionStage<Fleet.Answer> up = fleet.launch(1);
        tick(Duration.ofSeconds(6));
        assertThat(sortie("drone-1")).isInstanceOf(Launching.class);

        assertThat(now(fleet.abortLaunch("drone-1", "operator"))).isEqualTo(new Fleet.Accepted("drone-1: launch aborted, its safe state runs"));
        tick(Duration.ofMinutes(1));

        assertThat(now(up)).isInstanceOfSatisfying(Fleet.Refused.class, r -> assertThat(r.reason()).contains("aborted: operator"));
        assertThat(sortie("drone-1")).isEqualTo(new Docked());
        assertThat(drones.get("drone-1").airborne()).isFalse();
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(nest.view().bay(1).centring()).isEqualTo(BayView.Centring.CLAMPED);
        assertThat(now(fleet.abortLaunch("drone-1", "again"))).isInstanceOfSatisfying(Fleet.Refused.class,
                r -> assertThat(r.reason()).contains("not launching: docked"));
    }

    @Test
    void aQueuedLaunchAborted_isDropped_andNothingMoves() {
        fleet.launch(1);
        CompletionStage<Fleet.Answer> second = fleet.launch(3);
        assertThat(sortie("drone-3")).isInstanceOf(Launching.class);

        assertThat(now(fleet.abortLaunch("drone-3", "operator"))).isEqualTo(new Fleet.Accepted("drone-3: queued launch dropped, nothing moved"));
        tick(Duration.ofSeconds(40));

        assertThat(now(second)).isInstanceOf(Fleet.Refused.class);
        assertThat(sortie("drone-3")).isEqualTo(new Docked());
        assertThat(sortie("drone-1")).isEqualTo(new Hovering());
        assertThat(controller.bayCommands).noneMatch(c -> c.startsWith("3 "));
    }

    @Test
    void twoRecalls_landOneAtATime_andTheRoofStaysOpenForTheSecond() {
        fleet.launch(1);
        tick(Duration.ofSeconds(30));
        fleet.launch(3);
        tick(Duration.ofSeconds(30));
        fleet.returnAll("test");
        tick(Duration.ofSeconds(5));
        assertThat(sortie("drone-1")).isInstanceOf(Landing.class);
        assertThat(sortie("drone-3")).as("waits for the corridor; %s", events).isEqualTo(new Recalled("test"));
        tick(Duration.ofSeconds(40));
        assertThat(sortie("drone-1")).isEqualTo(new Docked());
        assertThat(sortie("drone-3")).isInstanceOf(Landing.class);
        tick(Duration.ofMinutes(2));
        assertThat(sortie("drone-3")).isEqualTo(new Docked());
        assertThat(nest.view().roof()).isEqualTo(new RoofMachine.Closed());
        assertThat(controller.sent).as("opened once, closed once: after the last landing, not between; %s", events)
                .containsExactly(Nest.RoofMotion.OPEN, Nest.RoofMotion.CLOSE);
    }

    @Test
    void aRecallOfADockedDrone_isRefusedWithTheSortiesWords() {
        assertThat(now(fleet.recall("drone-2", "test"))).isEqualTo(new Fleet.Refused("sortie", "drone-2: nothing to recall: docked"));
        assertThat(now(fleet.recall("drone-9", "test"))).isEqualTo(new Fleet.Refused("fleet", "no drone drone-9"));
    }

    @Test
    void heldAfterAStart_launchesAreRefused_untilReleased() {
        start("recovering");
        assertThat(now(fleet.launch(1))).isEqualTo(new Fleet.Refused("fleet", "launches are held: recovering"));
        assertThat(fleet.view().held()).contains("recovering");
        fleet.release();
        assertThat(fleet.view().held()).isEmpty();
        fleet.launch(1);
        tick(Duration.ofSeconds(30));
        assertThat(sortie("drone-1")).isEqualTo(new Hovering());
    }

    @Test
    void heavyRain_recallsEveryAirborneDrone() {
        fleet.launch(2);
        tick(Duration.ofSeconds(30));
        rain = 12;
        tick(Duration.ofSeconds(6));
        assertThat(sortie("drone-2")).isInstanceOfAny(Recalled.class, Landing.class);
        assertThat(events).anyMatch(e -> e.startsWith("drone-2 recalled (weather: "));
    }

    @Test
    void theRelay_launchesTheFullestBay_handsOverWithoutAGap_andRecallsTheOneRelieved() {
        PatrolRoute loop = PatrolRoute.of("loop", List.of(new GeoPoint(36.8167, 118.0582), new GeoPoint(36.8167, 118.0514),
                new GeoPoint(36.8113, 118.0492)), 40, 12);
        assertThat(now(fleet.startRelay(loop))).isEqualTo(new Fleet.Accepted("relay on loop"));
        tick(Duration.ofSeconds(30));
        assertThat(sortie("drone-3")).as("100 %%: the fullest; %s", events).isEqualTo(new Patrolling("loop", false));
        assertThat(drones.get("drone-3").mission).hasSize(5);   // speed, 3 waypoints, jump
        drones.get("drone-3").missionIndex = 2;                  // past its first waypoint
        tick(Duration.ofSeconds(1));
        assertThat(sortie("drone-3")).isEqualTo(new Patrolling("loop", true));

        drones.get("drone-3").battery = 35;                      // its turn-back is near: the next one goes
        tick(Duration.ofSeconds(1));
        assertThat(sortie("drone-1")).as("90 %: the fullest left").isInstanceOf(Launching.class);
        tick(Duration.ofSeconds(30));
        assertThat(sortie("drone-1")).isEqualTo(new Patrolling("loop", false));
        drones.get("drone-1").missionIndex = 2;
        tick(Duration.ofSeconds(1));
        assertThat(sortie("drone-1")).isEqualTo(new Patrolling("loop", true));
        assertThat(sortie("drone-3")).isInstanceOfAny(Recalled.class, Landing.class);
        assertThat(events).contains("hand-off drone-3 -> drone-1 gap 0");
        assertThat(fleet.view().relay().maxGap()).isZero();
    }

    @Test
    void aDispatch_sendsTheAirborneDroneNearby_notALaunch() {
        fleet.launch(4);
        tick(Duration.ofSeconds(30));
        drones.get("drone-4").battery = 70;
        Fleet.Answer a = now(fleet.dispatch(new Fleet.Incident("inc-1", new GeoPoint(36.8150, 118.0560), 1, Duration.ofMinutes(1))));
        assertThat(a).isInstanceOfSatisfying(Fleet.Accepted.class, ok -> assertThat(ok.detail()).startsWith("drone-4 goes, airborne"));
        assertThat(sortie("drone-4")).as("the fake arrives at once").isEqualTo(new Responding("inc-1", true));
        assertThat(fleet.view().lastDispatch().orElseThrow().steps()).containsKey("assigned");
    }

    @Test
    void aDispatchFlightWhoseStartCannotBeJournalled_fliesAnyway_andCentralIsTold() {
        fleet.launch(4);
        tick(Duration.ofSeconds(30));
        journalFails = "disk full";

        Fleet.Answer a = now(fleet.dispatch(new Fleet.Incident("inc-3", new GeoPoint(36.8150, 118.0560), 1, Duration.ofMinutes(1))));

        assertThat(a).isInstanceOf(Fleet.Accepted.class);
        assertThat(sortie("drone-4")).isEqualTo(new Responding("inc-3", true));
        assertThat(toldCentral).singleElement().asString().startsWith("journal dispatch-drone-4-")
                .endsWith(": dispatch flight of drone-4 not journalled: disk full");
    }

    @Test
    void aDispatch_withNobodyUp_launchesTheFullestBay_firstInTheQueue() {
        Fleet.Answer a = now(fleet.dispatch(new Fleet.Incident("inc-2", new GeoPoint(36.8150, 118.0560), 1, Duration.ofMinutes(1))));
        assertThat(a).isInstanceOfSatisfying(Fleet.Accepted.class, ok -> assertThat(ok.detail()).startsWith("drone-3 launches from bay 3"));
        tick(Duration.ofSeconds(25));
        assertThat(fleet.view().lastDispatch().orElseThrow().steps()).containsKeys("assigned", "airborne");
        assertThat(fleet.view().lastDispatch().orElseThrow().steps().get("airborne")).isLessThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anAutopilotFailsafe_RTL_isTakenOverAsARecall() {
        fleet.launch(1);
        tick(Duration.ofSeconds(30));
        drones.get("drone-1").mode = "RTL";
        tick(Duration.ofSeconds(1));
        assertThat(events).contains("drone-1 recalled (its autopilot switched to RTL (a failsafe))");
    }

    @Test
    void aLinkLostForFiveSeconds_isLost_andFoundDockedItIsSecured() {
        fleet.launch(2);
        tick(Duration.ofSeconds(30));
        drones.get("drone-2").link = false;
        tick(Duration.ofSeconds(4));
        assertThat(sortie("drone-2")).as("4 s: not yet").isEqualTo(new Hovering());
        tick(Duration.ofSeconds(2));
        assertThat(sortie("drone-2")).isInstanceOf(Lost.class);
        // its failsafe brings it home; the bay sees it (its telemetry is stale: still says airborne)
        nest.bayReported(BayView.empty(2).withPresence(true, true).withBattery(60));
        controller.bayCommands.clear();
        tick(Duration.ofSeconds(31));
        assertThat(sortie("drone-2")).isEqualTo(new Docked());
        tick(Duration.ofSeconds(10));
        assertThat(controller.bayCommands).containsExactly("2 CENTRING_CLAMP", "2 CHARGE_START");
    }
}

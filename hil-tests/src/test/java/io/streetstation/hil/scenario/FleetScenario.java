package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.Fleet;
import io.streetstation.agent.ops.PatrolRoute;
import io.streetstation.agent.ops.SortieMachine;
import io.streetstation.hil.rig.SimCopter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet's behaviours on the virtual rig, each from a closed roof with every drone docked: a
 * full launch → patrol → land → charge cycle for each bay; a missed precision landing retried; a
 * drone that misses its bay every time landed on the station's alternate pad; rain
 * starting mid-relay (every drone recalled, launches held, the relay resuming once the weather has
 * been good for its clear-after time); a drone's radio lost mid-patrol (its autopilot's failsafe
 * brings it home, the relay sends another, the lost one is found docked and secured).
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)
class FleetScenario {

    private static final String LOOP = Routes.ringRoadJson();

    private static Fleet fleet(Station station) {
        return station.agent().fleet().orElseThrow();
    }

    private static SortieMachine.State sortie(Station station, String drone) {
        return fleet(station).view().sorties().get(drone);
    }

    private static BayView bay(Station station, int bay) {
        return station.agent().nest().orElseThrow().view().bays().get(bay - 1);
    }

    private static PatrolRoute route() {
        return Routes.ringRoad();
    }

    @Test
    void everyBay_launchPatrolLandCharge(Station station) throws Exception {
        DispatchScenario.ready(station);
        Fleet fleet = fleet(station);
        for (int bay = 1; bay <= 4; bay++) {
            String drone = "drone-" + bay;
            SimCopter copter = station.rig().copter(bay);
            assertThat(fleet.launch(bay).toCompletableFuture().get()).as(drone + " launch").isInstanceOf(Fleet.Accepted.class);
            assertThat(fleet.patrol(drone, route()).toCompletableFuture().get()).isInstanceOf(Fleet.Accepted.class);
            station.await(drone + " on station", Duration.ofMinutes(3), () -> sortie(station, drone)
                    instanceof SortieMachine.Patrolling p && p.onStation());
            assertThat(copter.mode()).as(drone + " flies its mission").isEqualTo(3);   // AUTO
            assertThat(fleet.recall(drone, "cycle test").toCompletableFuture().get()).isInstanceOf(Fleet.Accepted.class);
            int b = bay;
            station.await(drone + " docked and charging, roof closed", Duration.ofMinutes(5), () ->
                    sortie(station, drone) instanceof SortieMachine.Docked && bay(station, b).centring() == BayView.Centring.CLAMPED
                            && (bay(station, b).charger() == BayView.Charger.CHARGING || bay(station, b).batteryPercent() > 95)
                            && station.agent().nest().orElseThrow().view().roof() instanceof RoofMachine.Closed);
            assertThat(copter.phase()).isEqualTo(SimCopter.Phase.ON_GROUND);
        }
    }

    @Test
    void aMissedLanding_isRetried_andTheDroneDocks(Station station) throws Exception {
        DispatchScenario.ready(station);
        List<Integer> commands = launchThenRecallMissing(station, 3, 1);
        station.await("drone-3 docked after a second landing", Duration.ofMinutes(5), () ->
                sortie(station, "drone-3") instanceof SortieMachine.Docked);
        assertThat(commands.stream().filter(c -> c == 22)).as("take-offs: the launch and the retry").hasSize(2);
        assertThat(bay(station, 3).centring()).isEqualTo(BayView.Centring.CLAMPED);
    }

    @Test
    void aDroneMissingItsBayEveryTime_landsOnTheAlternatePad_andATechnicianIsCalled(Station station) throws Exception {
        Central central = DispatchScenario.ready(station);
        SimCopter copter = station.rig().copter(2);
        List<Integer> commands = launchThenRecallMissing(station, 2, 3);

        station.await("drone-2 down and disarmed away from its bay", Duration.ofMinutes(6), () ->
                copter.phase() == SimCopter.Phase.ON_GROUND && !copter.armed() && copter.distanceFromHome() > 10);
        // the example station's pad: 36.8131, 118.05508, ~25 m east of the nest
        assertThat(copter.distanceFromHome()).isBetween(20.0, 30.0);
        assertThat(commands.stream().filter(c -> c == 22)).as("take-offs: the launch, two retries, the way to the pad")
                .hasSize(4);
        station.await("drone-2 faulted, the roof closed behind it", Duration.ofMinutes(2), () ->
                sortie(station, "drone-2") instanceof SortieMachine.Faulted
                        && station.agent().nest().orElseThrow().view().roof() instanceof RoofMachine.Closed);
        assertThat(DispatchScenario.events(central, "job.step-failed")).extracting(b -> b.path("text").asText())
                .anyMatch(t -> t.contains("missed bay 2 3 times"));
        assertThat(bay(station, 2).empty()).isTrue();
        central.assertContractKept();
    }

    @Test
    void rainMidRelay_recallsEveryDrone_holdsLaunches_andTheRelayResumesAfterIt(Station station) {
        Central central = relayOnRingRoad(station);

        station.faults().rain(10, Duration.ofMinutes(20));
        station.await("every drone home, the roof closed", Duration.ofMinutes(6), () ->
                fleet(station).view().sorties().values().stream().allMatch(s -> s instanceof SortieMachine.Docked)
                        && station.agent().nest().orElseThrow().view().roof() instanceof RoofMachine.Closed);
        List<String> recalls = DispatchScenario.events(central, "sortie.recalled").stream().map(b -> b.path("text").asText()).toList();
        assertThat(recalls).anyMatch(t -> t.contains("weather"));
        station.elapse(Duration.ofMinutes(5));
        assertThat(fleet(station).view().sorties().values()).as("no launch in the rain").allMatch(s -> s instanceof SortieMachine.Docked);

        // the rain stops after 20 min; launches resume after the 5 min clear-after
        station.await("a drone on station again", Duration.ofMinutes(25), () -> fleet(station).view().sorties().values()
                .stream().anyMatch(s -> s instanceof SortieMachine.Patrolling p && p.onStation()));
        assertThat(fleet(station).view().relay().held()).as("the hold is counted apart").isGreaterThan(Duration.ofMinutes(20));
        central.assertContractKept();
    }

    @Test
    void aDronesRadioLost_itsFailsafeBringsItHome_anotherTakesOver_andItIsSecured(Station station) {
        Central central = relayOnRingRoad(station);
        String lost = onStation(station);
        int bay = Integer.parseInt(lost.substring("drone-".length()));
        SimCopter copter = station.rig().copter(bay);

        station.faults().unplug(lost);
        station.await(lost + ": its autopilot returns (GCS failsafe → RTL)", Duration.ofSeconds(30),
                () -> copter.mode() == 6);
        station.await(lost + " lost for the fleet", Duration.ofSeconds(30), () -> sortie(station, lost) instanceof SortieMachine.Lost);
        station.await("another drone on station", Duration.ofMinutes(4), () -> {
            String now = onStation(station);
            return now != null && !now.equals(lost);
        });
        station.await(lost + " found docked and secured", Duration.ofMinutes(4), () ->
                sortie(station, lost) instanceof SortieMachine.Docked && bay(station, bay).centring() == BayView.Centring.CLAMPED);
        assertThat(copter.phase()).isEqualTo(SimCopter.Phase.ON_GROUND);
        station.faults().replug(lost);
        List<JsonNode> states = DispatchScenario.events(central, "sortie.lost");
        assertThat(states).anyMatch(b -> b.path("device").asText().equals(lost));
        central.assertContractKept();
    }

    @Test
    void aHotspotGridFromCentral_isPlannedWithinEndurance_andPatrolled(Station station) {
        Central central = DispatchScenario.ready(station);
        // 6 × 6 cells of 150 m around the nest; the weight sits in the north-east corner
        double[] w = new double[36];
        w[4 * 6 + 4] = 5;
        w[5 * 6 + 5] = 3;
        w[4 * 6 + 5] = 2;
        w[0] = 0.2;
        String weights = java.util.Arrays.toString(w);
        double south = Routes.LAT - 450 / 111_320.0;
        double west = Routes.LON - 450 / (111_320.0 * Math.cos(Math.toRadians(Routes.LAT)));
        String c = central.send(station.keys().signOperate(central.command("station", "patrol_hotspots").withParams(String.format(
                java.util.Locale.ROOT, "{\"route\": \"hotspots\", \"origin\": [%.7f, %.7f], \"cell_size_m\": 150, \"rows\": 6, "
                        + "\"cols\": 6, \"weights\": %s}", south, west, weights))));
        JsonNode r = central.terminal(c, "patrol_hotspots");
        assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("succeeded");
        assertThat(r.path("result").path("coveredPercent").asDouble()).as(r.toString()).isGreaterThanOrEqualTo(96.0);
        assertThat(fleet(station).view().relayRoute()).contains("hotspots");
        station.await("a drone over the hotspots", Duration.ofMinutes(3), () -> onStation(station) != null);
        central.assertContractKept();
    }

    /**
     * Launches the drone of {@code bay} and recalls it with its next {@code misses} precision
     * landings missing the bay; returns the MAVLink commands its autopilot receives from then on.
     */
    private static List<Integer> launchThenRecallMissing(Station station, int bay, int misses) throws Exception {
        List<Integer> commands = new CopyOnWriteArrayList<>();
        station.rig().copter(bay).onCommand(commands::add);
        assertThat(fleet(station).launch(bay).toCompletableFuture().get()).isInstanceOf(Fleet.Accepted.class);
        station.faults().landingMiss(bay, misses);
        fleet(station).recall("drone-" + bay, "landing test");
        return commands;
    }

    /** Central starts the relay on the ring road; returns once a drone is on station. */
    private static Central relayOnRingRoad(Station station) {
        Central central = DispatchScenario.ready(station);
        String c = central.send(station.keys().signOperate(central.command("station", "relay_start")
                .withParams("{\"route\": \"ring-road\", \"altitude\": 40, \"waypoints\": " + LOOP + "}")));
        assertThat(central.terminal(c, "relay_start").path("state").asText()).isEqualTo("succeeded");
        station.await("a drone on station", Duration.ofMinutes(3), () -> onStation(station) != null);
        return central;
    }

    private static String onStation(Station station) {
        return fleet(station).view().sorties().entrySet().stream()
                .filter(e -> e.getValue() instanceof SortieMachine.Patrolling p && p.onStation())
                .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
    }
}

package io.streetstation.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.OperationsSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fleet commands' parameter checks: every bad value refused with words, before anything flies. */
class StationCommandsParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OperationsSettings SITED = sited();

    private static OperationsSettings sited() {
        OperationsSettings d = OperationsSettings.defaults();
        OperationsSettings.Flight f = d.flight();
        return new OperationsSettings(d.weather(), d.launch(), d.land(), d.roof(), new OperationsSettings.Flight(f.cruiseSpeed(),
                f.dispatchSpeed(), f.endurance(), f.returnReservePercent(), Duration.ofSeconds(90), 36.8131, 118.0548, 3_000),
                d.patrols());
    }

    private static ObjectNode p(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final String LOOP = "[[36.8167, 118.0582], [36.8167, 118.0514], [36.8113, 118.0492]]";

    @Test
    void aGoodRoute_passes() {
        assertThat(StationCommands.routeProblem(p("{\"route\": \"ring\", \"altitude\": 40, \"waypoints\": " + LOOP + "}"), SITED))
                .isEmpty();
    }

    @Test
    void badRoutes_areRefusedWithTheirProblem() {
        assertThat(StationCommands.routeProblem(p("{\"route\": \"Ring Road\", \"altitude\": 40, \"waypoints\": " + LOOP + "}"), SITED))
                .hasValueSatisfying(r -> assertThat(r).startsWith("route must be an id"));
        assertThat(StationCommands.routeProblem(p("{\"route\": \"r\", \"altitude\": 40, \"waypoints\": [[36.8, 118.0]]}"), SITED))
                .hasValueSatisfying(r -> assertThat(r).contains("2..200 [lat, lon] pairs"));
        assertThat(StationCommands.routeProblem(p("{\"route\": \"r\", \"altitude\": 40, \"waypoints\": [[36.8, 118.0], [91, 0]]}"), SITED))
                .hasValueSatisfying(r -> assertThat(r).startsWith("waypoint 1 must be [lat, lon]"));
        assertThat(StationCommands.routeProblem(p("{\"route\": \"r\", \"altitude\": 150, \"waypoints\": " + LOOP + "}"), SITED))
                .hasValueSatisfying(r -> assertThat(r).startsWith("altitude must be 20..120 m"));
        assertThat(StationCommands.routeProblem(p("{\"route\": \"r\", \"altitude\": 40, \"speed\": 30, \"waypoints\": " + LOOP + "}"), SITED))
                .hasValueSatisfying(r -> assertThat(r).startsWith("speed must be 1..15.0 m/s"));
        assertThat(StationCommands.routeProblem(p("{\"route\": \"r\", \"altitude\": 40, \"waypoints\": [[36.8167, 118.0582], [36.90, 118.0514]]}"),
                SITED)).hasValueSatisfying(r -> assertThat(r).contains("route.outside-geofence"));
        assertThat(StationCommands.routeProblem(p("{\"route\": \"r\", \"altitude\": 40, \"waypoints\": " + LOOP + "}"),
                OperationsSettings.defaults())).hasValueSatisfying(r -> assertThat(r).contains("site").contains("not configured"));
    }

    @Test
    void days_defaultToEveryDay_andOnlyKnownNames() {
        assertThat(StationCommands.days(p("{}"))).hasValueSatisfying(d -> assertThat(d).hasSize(7));
        assertThat(StationCommands.days(p("{\"days\": [\"mon\", \"fri\"]}"))).hasValueSatisfying(d -> assertThat(d).hasSize(2));
        assertThat(StationCommands.days(p("{\"days\": [\"mon\", \"fry\"]}"))).isEmpty();
        assertThat(StationCommands.days(p("{\"days\": []}"))).isEmpty();
        assertThat(StationCommands.days(p("{\"days\": \"mon\"}"))).isEmpty();
    }

    @Test
    void degreesAndText_refuseWhatIsOutOfRange() {
        assertThat(StationCommands.degrees(p("{\"lat\": 36.8}"), "lat", 90)).isEmpty();
        assertThat(StationCommands.degrees(p("{\"lat\": 91}"), "lat", 90)).hasValue("lat must be a number of degrees -90..90, was 91");
        assertThat(StationCommands.degrees(p("{\"lat\": \"north\"}"), "lat", 90)).isPresent();
        assertThat(StationCommands.degrees(p("{}"), "lon", 180)).hasValue("lon must be a number of degrees -180..180, was null");
        assertThat(StationCommands.text(p("{\"incident\": \"inc-7\"}"), "incident", "[a-z0-9-]+", "an id")).isEmpty();
        assertThat(StationCommands.text(p("{\"incident\": 7}"), "incident", "[a-z0-9-]+", "an id")).hasValue("incident must be an id, was 7");
    }

    @Test
    void hotspotGrids_areCheckedForShapeAndWeights() {
        String ok = "{\"route\": \"hot\", \"origin\": [36.809, 118.050], \"cell_size_m\": 200, \"rows\": 2, \"cols\": 2, "
                + "\"weights\": [0.1, 0.5, 0, 2]}";
        assertThat(StationCommands.hotspotProblem(p(ok))).isEmpty();
        assertThat(StationCommands.hotspots(p(ok)).totalWeight()).isEqualTo(2.6);
        assertThat(StationCommands.hotspotProblem(p(ok.replace("[0.1, 0.5, 0, 2]", "[0.1, 0.5, 0]"))))
                .hasValueSatisfying(r -> assertThat(r).startsWith("weights must be a list of rows × cols = 4 numbers"));
        assertThat(StationCommands.hotspotProblem(p(ok.replace("[0.1, 0.5, 0, 2]", "[0.1, -0.5, 0, 2]"))))
                .hasValue("weight 1 must be a number ≥ 0, was -0.5");
        assertThat(StationCommands.hotspotProblem(p(ok.replace("\"rows\": 2", "\"rows\": 101"))))
                .hasValueSatisfying(r -> assertThat(r).contains("rows = 101 is out of range 1..100"));
        assertThat(StationCommands.hotspotProblem(p(ok.replace("\"cell_size_m\": 200", "\"cell_size_m\": 5"))))
                .hasValue("cell_size_m must be 10..2000, was 5");
        assertThat(StationCommands.hotspotProblem(p(ok.replace("[36.809, 118.050]", "\"here\""))))
                .hasValueSatisfying(r -> assertThat(r).startsWith("origin must be [lat, lon]"));
    }

    @Test
    void anIncidentOutsideTheGeofence_isRefused() {
        assertThat(io.streetstation.agent.ops.Limits.outside(new io.streetstation.agent.mission.GeoPoint(36.8131, 118.06), SITED)).isEmpty();
        assertThat(io.streetstation.agent.ops.Limits.outside(new io.streetstation.agent.mission.GeoPoint(36.90, 118.0548), SITED))
                .hasValueSatisfying(r -> assertThat(r).contains("outside the 3000 m geofence"));
    }
}

package io.streetstation.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slow telemetry filter: numbers within their band stay home, the rest goes out. */
class DeadbandTest {

    private final Deadband deadband = new Deadband(Deadband.DEFAULTS);

    private static ObjectNode sample(double battery, double wind, double temperature, String state) {
        ObjectNode n = Bodies.object().put("batteryPercent", battery).put("state", state);
        n.putObject("weather").put("windMps", wind).put("temperatureC", temperature);
        return n;
    }

    @Test
    void firstSample_goesOutWhole() {
        ObjectNode first = sample(80.0, 3.0, 12.0, "idle");
        assertThat(deadband.filter(first, false)).isEqualTo(first);
    }

    @Test
    void numbersWithinTheirBand_areSuppressed() {
        deadband.filter(sample(80.0, 3.0, 12.0, "idle"), false);
        assertThat(deadband.filter(sample(80.5, 3.2, 12.3, "idle"), false)).isEmpty();
        // drift is measured from the value last sent, not the last seen: 80.5 then 80.9 is still within 1.0
        assertThat(deadband.filter(sample(80.9, 3.4, 12.4, "idle"), false)).isEmpty();
    }

    @Test
    void numberBeyondItsBand_goesOut_alone() {
        deadband.filter(sample(80.0, 3.0, 12.0, "idle"), false);
        ObjectNode out = deadband.filter(sample(78.5, 3.0, 12.0, "idle"), false);
        assertThat(out.fieldNames()).toIterable().containsExactly("batteryPercent");
        assertThat(out.get("batteryPercent").asDouble()).isEqualTo(78.5);
        // and the new value becomes the reference
        assertThat(deadband.filter(sample(78.0, 3.0, 12.0, "idle"), false)).isEmpty();
    }

    @Test
    void nestedMemberBeyondItsBand_sendsTheWholeObject() {
        deadband.filter(sample(80.0, 3.0, 12.0, "idle"), false);
        ObjectNode out = deadband.filter(sample(80.0, 3.6, 12.1, "idle"), false);
        assertThat(out.fieldNames()).toIterable().containsExactly("weather");
        assertThat(out.get("weather").get("windMps").asDouble()).isEqualTo(3.6);
        assertThat(out.get("weather").get("temperatureC").asDouble()).isEqualTo(12.1);
    }

    @Test
    void textChange_goesOut() {
        deadband.filter(sample(80.0, 3.0, 12.0, "idle"), false);
        ObjectNode out = deadband.filter(sample(80.0, 3.0, 12.0, "charging"), false);
        assertThat(out.fieldNames()).toIterable().containsExactly("state");
        assertThat(out.get("state").asText()).isEqualTo("charging");
    }

    @Test
    void numberWithoutABand_goesOutOnAnyChange() {
        Deadband d = new Deadband(Map.of());
        d.filter(Bodies.object().put("count", 1), false);
        assertThat(d.filter(Bodies.object().put("count", 1), false)).isEmpty();
        assertThat(d.filter(Bodies.object().put("count", 2), false).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void fullRefresh_sendsEverything_evenUnchanged() {
        ObjectNode s = sample(80.0, 3.0, 12.0, "idle");
        deadband.filter(s, false);
        assertThat(deadband.filter(s.deepCopy(), false)).isEmpty();
        assertThat(deadband.filter(s.deepCopy(), true)).isEqualTo(s);
    }
}

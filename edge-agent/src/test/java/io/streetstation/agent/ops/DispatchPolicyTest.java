package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.ops.DispatchPolicy.Candidate;
import io.streetstation.agent.ops.DispatchPolicy.Chosen;
import io.streetstation.agent.ops.DispatchPolicy.NoneFits;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchPolicyTest {

    private static final double RESERVE = 25;

    private static String chosen(DispatchPolicy.Choice c) {
        assertThat(c).isInstanceOf(Chosen.class);
        return ((Chosen) c).candidate().drone();
    }

    @Test
    void anAirborneDroneNearby_goesBeforeALaunch() {
        assertThat(chosen(DispatchPolicy.choose(List.of(
                new Candidate("drone-1", false, 60, 100, 20),
                new Candidate("drone-2", true, 30, 60, 20)), RESERVE))).isEqualTo("drone-2");
    }

    @Test
    void anAirborneDroneFarAway_losesToALaunchThatArrivesFirst() {
        assertThat(chosen(DispatchPolicy.choose(List.of(
                new Candidate("drone-1", false, 60, 100, 20),
                new Candidate("drone-2", true, 200, 90, 30)), RESERVE))).isEqualTo("drone-1");
    }

    @Test
    void anAirborneDroneShortOfBattery_doesNotGo_evenIfClosest() {
        assertThat(chosen(DispatchPolicy.choose(List.of(
                new Candidate("drone-1", false, 60, 95, 20),
                new Candidate("drone-2", true, 10, 40, 16)), RESERVE))).isEqualTo("drone-1");
    }

    @Test
    void theReserveItself_isEnough() {
        assertThat(chosen(DispatchPolicy.choose(List.of(new Candidate("drone-2", true, 10, 45, 20)), RESERVE)))
                .isEqualTo("drone-2");
    }

    @Test
    void equalArrival_airborneFirst_thenTheFullerBattery() {
        assertThat(chosen(DispatchPolicy.choose(List.of(
                new Candidate("drone-1", false, 60, 100, 20),
                new Candidate("drone-2", true, 60, 70, 20)), RESERVE))).isEqualTo("drone-2");
        assertThat(chosen(DispatchPolicy.choose(List.of(
                new Candidate("drone-1", false, 60, 80, 20),
                new Candidate("drone-3", false, 60, 97, 20)), RESERVE))).isEqualTo("drone-3");
    }

    @Test
    void noneFits_saysWhyForEach() {
        DispatchPolicy.Choice c = DispatchPolicy.choose(List.of(
                new Candidate("drone-1", false, 60, 50, 30),
                new Candidate("drone-2", true, 30, 30, 10)), RESERVE);
        assertThat(c).isEqualTo(new NoneFits("drone-1: battery 50 %, needs 30 % and keeps 25 %; "
                + "drone-2: battery 30 %, needs 10 % and keeps 25 %"));
        assertThat(DispatchPolicy.choose(List.of(), RESERVE)).isEqualTo(new NoneFits("no drone is airborne or ready in a bay"));
    }
}

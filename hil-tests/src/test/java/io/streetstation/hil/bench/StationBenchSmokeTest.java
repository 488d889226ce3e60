package io.streetstation.hil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code hil-tests/bench --quick station} in the suite, so the harness behind the closing note's
 * relay and dispatch figures cannot rot: an hour of relay at ×60 and one dispatch from a closed
 * roof on the whole agent and the virtual rig. Only that it produces its three figures, each in its
 * range, is asserted here; the targets are checked by RelayDayScenario and DispatchScenario.
 */
class StationBenchSmokeTest {

    @Test
    void quickRun_producesItsThreeFigures() throws Exception {
        List<Figure> figures = new StationBench().run(new BenchOptions(true));

        assertThat(figures).extracting(Figure::name).containsExactly("relay_coverage_pct", "relay_max_handoff_gap_s",
                "dispatch_to_airborne_s");
        assertThat(figures.get(0).value()).isBetween(0.0, 100.0);
        assertThat(figures.get(1).value()).isFinite().isNotNegative();
        assertThat(figures.get(2).value()).isFinite().isPositive();
    }
}

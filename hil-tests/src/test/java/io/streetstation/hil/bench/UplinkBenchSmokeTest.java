package io.streetstation.hil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code hil-tests/bench --quick uplink} in the suite, so the benchmark behind the closing note's
 * figures cannot rot unnoticed: it drains a real outbox to a real broker (and fails if a message
 * is missing at the subscriber) and measures both latencies on the whole agent and the virtual
 * rig, with the two floors beside them (the MQTT hop alone, one synced SQLite commit). Only that it
 * produces its six figures is asserted, never their values: speed is a benchmark's business, not a
 * test's.
 */
class UplinkBenchSmokeTest {

    @Test
    void quickRun_producesItsSixFigures() throws Exception {
        List<Figure> figures = new UplinkBench().run(new BenchOptions(true));

        assertThat(figures).extracting(Figure::name).containsExactly("outbox_enqueue_per_s", "outbox_drain_per_s",
                "e2e_event_p99_ms", "broker_hop_p99_ms", "command_to_serial_p99_ms", "disk_sync_p99_ms");
        assertThat(figures).allSatisfy(f -> assertThat(f.value()).isFinite().isPositive());
    }
}

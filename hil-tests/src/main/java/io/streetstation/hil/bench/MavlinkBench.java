package io.streetstation.hil.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;

/** {@code bench mavlink}: receive throughput, ours against dronefleet's, on both JVM profiles. */
final class MavlinkBench implements BenchGroup {

    @Override
    public String name() {
        return "mavlink";
    }

    @Override
    public String description() {
        return "MAVLink ingest (read, filter, decode, hand over) vs dronefleet next(), frames/s, default and Pi-like JVM";
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (JvmProfile profile : JvmProfile.values()) {
            Collection<RunResult> results = JmhRunner.run(MavlinkIngestBenchmark.class.getName() + "\\..*", profile, options);
            double ingest = JmhRunner.score(results, "ingest");
            double raw = JmhRunner.score(results, "rawDronefleet");
            figures.add(new Figure("mavlink_ingest_fps" + profile.suffix(), ingest, "frames/s"));
            figures.add(new Figure("mavlink_raw_dronefleet_fps" + profile.suffix(), raw, "frames/s"));
            figures.add(new Figure("mavlink_ingest_speedup" + profile.suffix(), ingest / raw, "x"));
        }
        return figures;
    }
}

package io.streetstation.hil.bench;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * MAVLink receive throughput on one realistic ArduPilot stream ({@link ArdupilotStreamMix}), in
 * frames per second: the agent's ingest path against dronefleet's plain {@code next()} loop over
 * the very same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MavlinkIngestBenchmark {

    static final int FRAMES = 20_000;

    private byte[] stream;

    @Setup
    public void setUp() {
        stream = ArdupilotStreamMix.generate(FRAMES, 1, 42);
    }

    /** dronefleet as its README shows it, with the buffered input and ArduPilot dialect MAVLINK.md recommends. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int rawDronefleet(Blackhole bh) throws IOException {
        MavlinkConnection c = MavlinkConnection.builder(
                        new BufferedInputStream(new ByteArrayInputStream(stream), 64 * 1024), OutputStream.nullOutputStream())
                .defaultDialect(new ArdupilotmegaDialect())
                .build();
        int n = 0;
        MavlinkMessage<?> m;
        try {
            while ((m = c.next()) != null) {
                bh.consume(m.getPayload());
                n++;
            }
        } catch (java.io.EOFException end) {
            // end of the recorded stream
        }
        if (n != FRAMES) {
            throw new IllegalStateException("dronefleet decoded " + n + " of " + FRAMES + " frames");
        }
        return n;
    }
}

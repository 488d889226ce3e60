package io.streetstation.hil.bench;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import io.dronefleet.mavlink.ardupilotmega.EkfStatusReport;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.streetstation.bridge.mavlink.InboundMessage;
import io.streetstation.bridge.mavlink.MavlinkConfig;
import io.streetstation.bridge.mavlink.MavlinkIngest;
import io.streetstation.bridge.mavlink.MessageCatalog;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    /** What a link read hands over at a time (jssc returns what the kernel buffered). */
    static final int CHUNK = 4096;

    /** The messages the agent subscribes to on a copter link. */
    static final List<Class<?>> AGENT_USES = List.of(Heartbeat.class, SysStatus.class, GlobalPositionInt.class,
            GpsRawInt.class, BatteryStatus.class, VfrHud.class, MissionCurrent.class, EkfStatusReport.class);

    private byte[] stream;
    private int agentFrames;

    @Setup
    public void setUp() {
        stream = ArdupilotStreamMix.generate(FRAMES, 1, 42);
        int[] delivered = new int[1];
        ingest(m -> delivered[0]++).accept(stream, 0, stream.length);
        agentFrames = delivered[0];
    }

    private static MavlinkIngest ingest(Consumer<InboundMessage<?>> consumer) {
        MavlinkConfig defaults = MavlinkConfig.defaults();
        MavlinkIngest ingest = new MavlinkIngest(new MessageCatalog(defaults.dialect()), defaults.decoder(), consumer);
        AGENT_USES.forEach(ingest::want);
        return ingest;
    }

    /**
     * The agent's receive path exactly as its link listener runs it: chunks → packet parser and CRC
     * → filter by subscribed id → cached decode → consumer. Counted per frame on the wire, as the
     * raw benchmark is, so the two scores compare the same work.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int ingest(Blackhole bh) {
        int[] delivered = new int[1];
        MavlinkIngest in = ingest(m -> {
            bh.consume(m.payload());
            delivered[0]++;
        });
        for (int off = 0; off < stream.length; off += CHUNK) {
            in.accept(stream, off, Math.min(CHUNK, stream.length - off));
        }
        if (delivered[0] != agentFrames) {
            throw new IllegalStateException("ingest delivered " + delivered[0] + " of " + agentFrames + " frames");
        }
        return delivered[0];
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

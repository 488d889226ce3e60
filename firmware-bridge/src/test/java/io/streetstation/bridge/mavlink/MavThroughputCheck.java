package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.ardupilotmega.Ahrs;
import io.dronefleet.mavlink.ardupilotmega.Ahrs2;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import io.dronefleet.mavlink.ardupilotmega.EkfStatusReport;
import io.dronefleet.mavlink.ardupilotmega.Meminfo;
import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.common.NavControllerOutput;
import io.dronefleet.mavlink.common.PowerStatus;
import io.dronefleet.mavlink.common.RawImu;
import io.dronefleet.mavlink.common.RcChannels;
import io.dronefleet.mavlink.common.ScaledPressure;
import io.dronefleet.mavlink.common.ServoOutputRaw;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.SystemTime;
import io.dronefleet.mavlink.common.Timesync;
import io.dronefleet.mavlink.common.Vibration;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.minimal.Heartbeat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Informal throughput check (not a test, asserts nothing; the JMH benchmark is the real measure):
 * a realistic ArduPilot stream mix through {@link MavlinkIngest} with ~10 subscribed types, against
 * dronefleet's {@code MavlinkConnection.next()} on the same bytes. Run with
 * {@code java -cp <test classpath> io.streetstation.bridge.mavlink.MavThroughputCheck}, optionally
 * with {@code -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}.
 */
public final class MavThroughputCheck {

    static final List<Class<?>> STREAM = List.of(Heartbeat.class, SysStatus.class, GlobalPositionInt.class,
            GlobalPositionInt.class, Attitude.class, Attitude.class, Attitude.class, VfrHud.class, GpsRawInt.class,
            BatteryStatus.class, RawImu.class, RawImu.class, ScaledPressure.class, ServoOutputRaw.class,
            RcChannels.class, Ahrs.class, Ahrs2.class, Ahrs2.class, EkfStatusReport.class, Vibration.class,
            Meminfo.class, PowerStatus.class, SystemTime.class, NavControllerOutput.class, MissionCurrent.class,
            Timesync.class);
    static final List<Class<?>> SUBSCRIBED = List.of(Heartbeat.class, SysStatus.class, GlobalPositionInt.class,
            Attitude.class, VfrHud.class, GpsRawInt.class, BatteryStatus.class, EkfStatusReport.class,
            MissionCurrent.class, CommandAck.class);

    public static void main(String[] args) throws IOException {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Random rnd = new Random(1);
        ReflectivePayloadDecoder df = new ReflectivePayloadDecoder();
        FrameEncoder enc = MavFixtures.encoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            Class<?> type = STREAM.get(rnd.nextInt(STREAM.size()));
            byte[] p = new byte[MavFixtures.CATALOG.fullLength(MavFixtures.CATALOG.id(type))];
            rnd.nextBytes(p);
            out.writeBytes(enc.v2(df.decode(type, p, 0, p.length), i & 0xFF, 1, 1, null));
        }
        byte[] bytes = out.toByteArray();
        System.out.printf("%d frames, %d bytes, %.1f B/frame%n", frames, bytes.length, bytes.length / (double) frames);
        for (int round = 0; round < 5; round++) {
            double ours = ingest(bytes, frames, new CachedPayloadDecoder());
            double oursReflective = ingest(bytes, frames, new ReflectivePayloadDecoder());
            double theirs = dronefleet(bytes, frames);
            System.out.printf("round %d: ingest+cached %,.0f/s | ingest+dronefleet decoder %,.0f/s | "
                    + "MavlinkConnection.next() %,.0f/s | ratio %.1fx%n", round, ours, oursReflective, theirs,
                    ours / theirs);
        }
    }

    static long sink;

    static double ingest(byte[] bytes, int frames, PayloadDecoder decoder) {
        MavlinkIngest ingest = new MavlinkIngest(MavFixtures.CATALOG, decoder, m -> sink += m.messageId());
        SUBSCRIBED.forEach(ingest::want);
        long t0 = System.nanoTime();
        for (int off = 0; off < bytes.length; off += 4096) {   // link-sized chunks
            ingest.accept(bytes, off, Math.min(4096, bytes.length - off));
        }
        long t1 = System.nanoTime();
        if (ingest.statistics().framesIn() != frames) {
            throw new IllegalStateException("lost frames: " + ingest.statistics());
        }
        return frames / ((t1 - t0) / 1e9);
    }

    static double dronefleet(byte[] bytes, int frames) throws IOException {
        MavlinkConnection c = MavlinkConnection.builder(new ByteArrayInputStream(bytes), new ByteArrayOutputStream())
                .defaultDialect(new ArdupilotmegaDialect()).build();
        long t0 = System.nanoTime();
        int n = 0;
        try {
            while (true) {
                sink += c.next().getSequence();
                n++;
            }
        } catch (EOFException end) {
            // all read
        }
        long t1 = System.nanoTime();
        return n / ((t1 - t0) / 1e9);
    }
}

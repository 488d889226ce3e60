package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/** Shared test helpers: the dialect catalog, frame building, polling. */
final class MavFixtures {

    static final MessageCatalog CATALOG = new MessageCatalog(new ArdupilotmegaDialect());

    private MavFixtures() {
    }

    static FrameEncoder encoder() {
        return new FrameEncoder(CATALOG, new ReflectivePayloadEncoder());
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static Heartbeat copterHeartbeat() {
        return Heartbeat.builder().type(MavType.MAV_TYPE_QUADROTOR).autopilot(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA)
                .customMode(4).systemStatus(MavState.MAV_STATE_STANDBY).mavlinkVersion(3).build();
    }

    static GlobalPositionInt position(int i) {
        return GlobalPositionInt.builder().timeBootMs(1000 + i).lat(473977418 + i).lon(85455939).alt(512340)
                .relativeAlt(30120).vx(-120).vy(45).vz(3).hdg(27000).build();
    }

    static Attitude attitude(int i) {
        return Attitude.builder().timeBootMs(i).roll(0.1f * i).pitch(-0.2f).yaw(1.5f).rollspeed(0.01f)
                .pitchspeed(0.02f).yawspeed(0.03f).build();
    }

    /** A stream of valid v2 frames from 1/1 with consecutive sequence numbers. */
    static List<byte[]> stream(int n) {
        FrameEncoder enc = encoder();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object m = switch (i % 3) {
                case 0 -> copterHeartbeat();
                case 1 -> position(i);
                default -> attitude(i);
            };
            frames.add(enc.v2(m, i & 0xFF, 1, 1, null));
        }
        return frames;
    }

    static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Polls until {@code condition} holds; fails after {@code timeout}. Never a fixed sleep. */
    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(5), condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }
}

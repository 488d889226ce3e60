package io.streetstation.hil.bench;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.ardupilotmega.Ahrs;
import io.dronefleet.mavlink.ardupilotmega.Ahrs2;
import io.dronefleet.mavlink.ardupilotmega.EkfStatusReport;
import io.dronefleet.mavlink.ardupilotmega.Meminfo;
import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsFixType;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.LocalPositionNed;
import io.dronefleet.mavlink.common.MavBatteryFunction;
import io.dronefleet.mavlink.common.MavBatteryType;
import io.dronefleet.mavlink.common.MissionCurrent;
import io.dronefleet.mavlink.common.NavControllerOutput;
import io.dronefleet.mavlink.common.PowerStatus;
import io.dronefleet.mavlink.common.RawImu;
import io.dronefleet.mavlink.common.RcChannels;
import io.dronefleet.mavlink.common.ScaledImu2;
import io.dronefleet.mavlink.common.ScaledPressure;
import io.dronefleet.mavlink.common.ServoOutputRaw;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.SystemTime;
import io.dronefleet.mavlink.common.Timesync;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.common.Vibration;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The byte stream an ArduPilot Copter sends a ground station with its usual stream rates (SRx_*
 * defaults as Mission Planner sets them: EXTRA1 10 Hz, EXTRA2 4 Hz, POSITION 3 Hz, the rest 2 Hz,
 * heartbeat 1 Hz), as MAVLink 2 frames encoded by dronefleet, deterministic for a seed. Of the 24
 * message types, the agent uses 8 (HEARTBEAT, SYS_STATUS, GLOBAL_POSITION_INT, GPS_RAW_INT,
 * BATTERY_STATUS, VFR_HUD, MISSION_CURRENT, EKF_STATUS_REPORT): 18 of 71 frames per second.
 */
public final class ArdupilotStreamMix {

    private ArdupilotStreamMix() {
    }

    /** {@code frames} frames from system {@code sysId}, component 1, seeded. */
    public static byte[] generate(int frames, int sysId, long seed) {
        Random r = new Random(seed);
        List<Supplier<Object>> second = oneSecond(r);
        ByteArrayOutputStream out = new ByteArrayOutputStream(frames * 40);
        MavlinkConnection enc = MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), out);
        try {
            for (int i = 0; i < frames; i++) {
                enc.send2(sysId, 1, second.get(i % second.size()).get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Message suppliers for one second of telemetry, interleaved the way the scheduler sends them. */
    private static List<Supplier<Object>> oneSecond(Random r) {
        List<Supplier<Object>> s = new ArrayList<>();
        for (int tick = 0; tick < 10; tick++) {
            if (tick == 0) {
                s.add(() -> Heartbeat.builder().type(MavType.MAV_TYPE_QUADROTOR).autopilot(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA)
                        .baseMode(MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED)
                        .customMode(4).systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build());
                s.add(() -> Timesync.builder().tc1(0).ts1(r.nextLong()).build());
            }
            s.add(() -> Attitude.builder().timeBootMs(r.nextInt(1 << 30)).roll(r.nextFloat()).pitch(r.nextFloat())
                    .yaw(r.nextFloat()).rollspeed(r.nextFloat()).pitchspeed(r.nextFloat()).yawspeed(r.nextFloat()).build());
            s.add(() -> Ahrs2.builder().roll(r.nextFloat()).pitch(r.nextFloat()).yaw(r.nextFloat())
                    .altitude(r.nextFloat() * 100).lat(r.nextInt()).lng(r.nextInt()).build());
            if (tick % 3 == 0) {  // ~3 Hz
                s.add(() -> GlobalPositionInt.builder().timeBootMs(r.nextInt(1 << 30)).lat(366_000_000 + r.nextInt(100_000))
                        .lon(1_180_000_000 + r.nextInt(100_000)).alt(r.nextInt(200_000)).relativeAlt(r.nextInt(60_000))
                        .vx(r.nextInt(2000) - 1000).vy(r.nextInt(2000) - 1000).vz(r.nextInt(200) - 100).hdg(r.nextInt(36000)).build());
                s.add(() -> LocalPositionNed.builder().timeBootMs(r.nextInt(1 << 30)).x(r.nextFloat()).y(r.nextFloat())
                        .z(r.nextFloat()).vx(r.nextFloat()).vy(r.nextFloat()).vz(r.nextFloat()).build());
            }
            if (tick % 5 == 0) {  // 2 Hz groups
                s.add(() -> SysStatus.builder().voltageBattery(15000 + r.nextInt(2000)).currentBattery(r.nextInt(3000))
                        .batteryRemaining(r.nextInt(100)).load(r.nextInt(1000)).build());
                s.add(() -> PowerStatus.builder().vcc(5000 + r.nextInt(100)).vservo(r.nextInt(100)).build());
                s.add(() -> Meminfo.builder().brkval(r.nextInt(65535)).freemem(r.nextInt(65535)).build());
                s.add(() -> MissionCurrent.builder().seq(r.nextInt(20)).build());
                s.add(() -> GpsRawInt.builder().timeUsec(BigInteger.valueOf(r.nextLong() & Long.MAX_VALUE)).fixType(GpsFixType.GPS_FIX_TYPE_3D_FIX)
                        .lat(r.nextInt()).lon(r.nextInt()).alt(r.nextInt()).eph(100).epv(150).vel(r.nextInt(1500))
                        .cog(r.nextInt(36000)).satellitesVisible(12 + r.nextInt(8)).build());
                s.add(() -> NavControllerOutput.builder().navRoll(r.nextFloat()).navPitch(r.nextFloat())
                        .navBearing(r.nextInt(360)).targetBearing(r.nextInt(360)).wpDist(r.nextInt(5000)).build());
                s.add(() -> RawImu.builder().timeUsec(BigInteger.valueOf(r.nextLong() & Long.MAX_VALUE)).xacc(r.nextInt(2000)).yacc(r.nextInt(2000))
                        .zacc(r.nextInt(2000)).xgyro(r.nextInt(100)).ygyro(r.nextInt(100)).zgyro(r.nextInt(100)).build());
                s.add(() -> ScaledPressure.builder().timeBootMs(r.nextInt(1 << 30)).pressAbs(1013 + r.nextFloat())
                        .temperature(2000 + r.nextInt(500)).build());
                s.add(() -> ScaledImu2.builder().timeBootMs(r.nextInt(1 << 30)).xacc(r.nextInt(2000)).yacc(r.nextInt(2000))
                        .zacc(r.nextInt(2000)).build());
                s.add(() -> ServoOutputRaw.builder().timeUsec(r.nextInt(1 << 30)).servo1Raw(1100 + r.nextInt(800))
                        .servo2Raw(1100 + r.nextInt(800)).servo3Raw(1100 + r.nextInt(800)).servo4Raw(1100 + r.nextInt(800)).build());
                s.add(() -> RcChannels.builder().timeBootMs(r.nextInt(1 << 30)).chancount(16).chan1Raw(1500).chan2Raw(1500)
                        .chan3Raw(1000 + r.nextInt(1000)).chan4Raw(1500).rssi(200).build());
                s.add(() -> Ahrs.builder().omegaix(r.nextFloat()).omegaiy(r.nextFloat()).omegaiz(r.nextFloat())
                        .errorRp(r.nextFloat()).errorYaw(r.nextFloat()).build());
                s.add(() -> SystemTime.builder().timeUnixUsec(BigInteger.valueOf(1_790_000_000_000_000L + r.nextInt(1 << 30))).timeBootMs(r.nextInt(1 << 30)).build());
                s.add(() -> EkfStatusReport.builder().velocityVariance(r.nextFloat()).posHorizVariance(r.nextFloat())
                        .posVertVariance(r.nextFloat()).compassVariance(r.nextFloat()).build());
                s.add(() -> Vibration.builder().timeUsec(BigInteger.valueOf(r.nextLong() & Long.MAX_VALUE)).vibrationX(r.nextFloat())
                        .vibrationY(r.nextFloat()).vibrationZ(r.nextFloat()).build());
                s.add(() -> BatteryStatus.builder().id(0).batteryFunction(MavBatteryFunction.MAV_BATTERY_FUNCTION_ALL)
                        .type(MavBatteryType.MAV_BATTERY_TYPE_LIPO).temperature(3000)
                        .voltages(List.of(3900, 3900, 3900, 3900, 65535, 65535, 65535, 65535, 65535, 65535))
                        .currentBattery(r.nextInt(3000)).currentConsumed(r.nextInt(5000)).batteryRemaining(r.nextInt(100)).build());
            }
            if (tick % 5 == 2 || tick % 5 == 4) {  // 4 Hz
                s.add(() -> VfrHud.builder().airspeed(r.nextFloat() * 15).groundspeed(r.nextFloat() * 15)
                        .heading(r.nextInt(360)).throttle(r.nextInt(100)).alt(r.nextFloat() * 60).climb(r.nextFloat()).build());
            }
        }
        return s;
    }
}

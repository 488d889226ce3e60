package io.streetstation.hil.rig;

import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsFixType;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.MavBatteryFunction;
import io.dronefleet.mavlink.common.MavBatteryType;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.mavlink.InboundMessage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages an ArduPilot vehicle streams, shaped as ArduPilot fills them, for the simulated
 * vehicles: one place for the field conventions (1e7 degrees, mm, cm/s, a 4S pack's voltage).
 */
final class ArduPilotTelemetry {

    private ArduPilotTelemetry() {
    }

    static Heartbeat heartbeat(MavType type, int customMode, boolean armed, MavState state) {
        List<Enum> flags = new ArrayList<>(List.of(MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
                MavModeFlag.MAV_MODE_FLAG_STABILIZE_ENABLED, MavModeFlag.MAV_MODE_FLAG_GUIDED_ENABLED));
        if (armed) {
            flags.add(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED);
        }
        return Heartbeat.builder().type(type).autopilot(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA)
                .baseMode(flags).customMode(customMode).systemStatus(state).mavlinkVersion(3).build();
    }

    /** A 4S LiPo: 3.5 V per cell empty to 4.2 V full, mV. */
    static int packMillivolts(double percent) {
        return (int) Math.round((3.5 + 0.7 * percent / 100.0) * 4 * 1000);
    }

    static SysStatus sysStatus(double percent, boolean armed) {
        return SysStatus.builder().voltageBattery(packMillivolts(percent)).currentBattery(armed ? 2200 : 50)
                .batteryRemaining((int) Math.round(percent)).load(250).build();
    }

    static BatteryStatus batteryStatus(double percent, boolean armed) {
        int cell = packMillivolts(percent) / 4;
        return BatteryStatus.builder().id(0).batteryFunction(MavBatteryFunction.MAV_BATTERY_FUNCTION_ALL)
                .type(MavBatteryType.MAV_BATTERY_TYPE_LIPO).temperature(2500)
                .voltages(List.of(cell, cell, cell, cell, 65535, 65535, 65535, 65535, 65535, 65535))
                .currentBattery(armed ? 220 : 5).currentConsumed(0).batteryRemaining((int) Math.round(percent)).build();
    }

    static GpsRawInt gps(long timeBootMs, boolean fix, int lat7, int lon7, double altM, double speedMs) {
        return GpsRawInt.builder().timeUsec(BigInteger.valueOf(timeBootMs * 1000))
                .fixType(fix ? GpsFixType.GPS_FIX_TYPE_3D_FIX : GpsFixType.GPS_FIX_TYPE_NO_FIX)
                .lat(lat7).lon(lon7).alt(52_000 + (int) (altM * 1000)).eph(fix ? 80 : 9999).epv(fix ? 120 : 9999)
                .vel((int) (speedMs * 100)).cog(0).satellitesVisible(fix ? 16 : 3).build();
    }

    /** @param vEast east velocity, m/s; vNorth north; vUp up */
    static GlobalPositionInt position(long timeBootMs, int lat7, int lon7, double altM, double vEast, double vNorth,
                                      double vUp) {
        double hdg = Math.toDegrees(Math.atan2(vEast, vNorth));
        return GlobalPositionInt.builder().timeBootMs(timeBootMs).lat(lat7).lon(lon7).alt(52_000 + (int) (altM * 1000))
                .relativeAlt((int) Math.round(altM * 1000)).vx((int) (vNorth * 100)).vy((int) (vEast * 100))
                .vz((int) (-vUp * 100)).hdg((int) ((hdg + 360) % 360 * 100)).build();
    }

    static VfrHud hud(double speedMs, boolean armed, double altM, double climb) {
        return VfrHud.builder().airspeed((float) speedMs).groundspeed((float) speedMs).heading(0)
                .throttle(armed ? 45 : 0).alt((float) (52 + altM)).climb((float) climb).build();
    }

    static CommandAck ack(int cmd, MavResult r, InboundMessage<?> to) {
        return CommandAck.builder().command(EnumValue.create(MavCmd.class, cmd)).result(r)
                .targetSystem(to.systemId()).targetComponent(to.componentId()).build();
    }

    /** STATUSTEXT carries at most 50 characters. */
    static Statustext text(MavSeverity severity, String text) {
        return Statustext.builder().severity(severity).text(text.length() > 50 ? text.substring(0, 50) : text).build();
    }
}

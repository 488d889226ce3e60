package io.streetstation.hil.rig;

import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsFixType;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.MavBatteryFunction;
import io.dronefleet.mavlink.common.MavBatteryType;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.mavlink.InboundMessage;
import io.streetstation.bridge.mavlink.MavlinkConfig;
import io.streetstation.bridge.mavlink.MavlinkEndpoint;
import io.streetstation.bridge.mavlink.SigningConfig;
import io.streetstation.bridge.mavlink.UnsignedPolicy;
import io.streetstation.bridge.time.StationClock;
import io.streetstation.hil.rig.model.BatteryModel;
import io.streetstation.hil.rig.model.SimTimings;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * An ArduPilot vehicle (a copter parked in its bay, or the patrol rover at its dock), as the
 * station's telemetry radio hears it: MAVLink 2
 * (signed when given a key), its own system id, and ArduPilot's usual streams — HEARTBEAT 1 Hz,
 * SYS_STATUS, GPS_RAW_INT and BATTERY_STATUS 2 Hz, GLOBAL_POSITION_INT 3 Hz, VFR_HUD 4 Hz,
 * ATTITUDE 10 Hz — all on the station clock. It answers arming and mode commands the way
 * ArduPilot does (ACK, then the effect shows in the heartbeat).
 *
 * <p>This is the parked-drone subset the foundation's demo needs; flight, missions, failsafes,
 * precision landing and the camera component come with the full virtual rig.
 */
public final class SimVehicle implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("sim");
    /** What is simulated: the MAVLink type and ArduPilot's mode on the ground (STABILIZE, HOLD). */
    public enum Kind {
        COPTER(MavType.MAV_TYPE_QUADROTOR, 0),
        ROVER(MavType.MAV_TYPE_GROUND_ROVER, 4);

        final MavType type;
        final int groundMode;

        Kind(MavType type, int groundMode) {
            this.type = type;
            this.groundMode = groundMode;
        }
    }

    private final String name;
    private final Kind kind;
    private final int systemId;
    private final StationClock clock;
    private final MavlinkEndpoint endpoint;
    private final BatteryModel battery;
    private final double lat;
    private final double lon;
    private final List<StationClock.Timer> streams = new ArrayList<>();
    private final AtomicLong bootMillis;
    private volatile boolean armed;
    private volatile int mode;

    /**
     * @param link the simulator's end of the drone's cable
     * @param systemId its MAVLink system id
     * @param lat latitude of its bay, degrees
     * @param lon longitude of its bay, degrees
     * @param signingKey 32-byte key shared with the station, or null for an unsigned link
     */
    public SimVehicle(String name, Kind kind, Link link, int systemId, double lat, double lon, double batteryPercent,
                      SimTimings timings, StationClock clock, byte[] signingKey) {
        this.name = name;
        this.kind = kind;
        this.mode = kind.groundMode;
        this.systemId = systemId;
        this.clock = clock;
        this.lat = lat;
        this.lon = lon;
        this.battery = new BatteryModel(timings, batteryPercent);
        this.bootMillis = new AtomicLong(clock.millis());
        MavlinkConfig config = MavlinkConfig.defaults().withIds(systemId, 1);
        if (signingKey != null) {
            config = config.withSigning(new SigningConfig(signingKey, 0, UnsignedPolicy.defaultForSignedLink()));
        }
        this.endpoint = MavlinkEndpoint.start(link, clock, config, this::heartbeat);
        endpoint.subscribe(CommandLong.class, this::onCommand);
        every(Duration.ofMillis(500), this::sysStatus);
        every(Duration.ofMillis(500), this::gps);
        every(Duration.ofMillis(500), this::batteryStatus);
        every(Duration.ofMillis(333), this::position);
        every(Duration.ofMillis(250), this::hud);
        every(Duration.ofMillis(100), this::attitude);
        LOG.info("{}: simulated {}, system id {}, parked at {},{}", name, kind.name().toLowerCase(), systemId, lat, lon);
    }

    public String name() {
        return name;
    }

    public boolean armed() {
        return armed;
    }

    public int mode() {
        return mode;
    }

    private void every(Duration period, Runnable send) {
        streams.add(clock.scheduleAtFixedRate(period, period, () -> {
            try {
                send.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: stream failed: {}", name, e.toString());
            }
        }));
    }

    private void send(Object m) {
        try {
            endpoint.send(m);
        } catch (LinkDownException e) {
            // the radio transmits whether anyone listens or not
        }
    }

    private long timeBootMs() {
        return clock.millis() - bootMillis.get();
    }

    private Heartbeat heartbeat() {
        List<Enum> flags = new ArrayList<>(List.of(MavModeFlag.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
                MavModeFlag.MAV_MODE_FLAG_STABILIZE_ENABLED, MavModeFlag.MAV_MODE_FLAG_GUIDED_ENABLED));
        if (armed) {
            flags.add(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED);
        }
        return Heartbeat.builder().type(kind.type).autopilot(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA)
                .baseMode(flags).customMode(mode)
                .systemStatus(armed ? MavState.MAV_STATE_ACTIVE : MavState.MAV_STATE_STANDBY).mavlinkVersion(3).build();
    }

    private void sysStatus() {
        send(SysStatus.builder().voltageBattery(voltageMv()).currentBattery(armed ? 900 : 50)
                .batteryRemaining((int) Math.round(battery.percent())).load(250).build());
    }

    private int voltageMv() {
        return (int) Math.round((3.5 + 0.7 * battery.percent() / 100.0) * 4 * 1000);
    }

    private void gps() {
        send(GpsRawInt.builder().timeUsec(BigInteger.valueOf(timeBootMs() * 1000)).fixType(GpsFixType.GPS_FIX_TYPE_3D_FIX)
                .lat((int) Math.round(lat * 1e7)).lon((int) Math.round(lon * 1e7)).alt(52_000).eph(80).epv(120)
                .vel(0).cog(0).satellitesVisible(16).build());
    }

    private void batteryStatus() {
        int cell = voltageMv() / 4;
        send(BatteryStatus.builder().id(0).batteryFunction(MavBatteryFunction.MAV_BATTERY_FUNCTION_ALL)
                .type(MavBatteryType.MAV_BATTERY_TYPE_LIPO).temperature(2500)
                .voltages(List.of(cell, cell, cell, cell, 65535, 65535, 65535, 65535, 65535, 65535))
                .currentBattery(armed ? 90 : 5).currentConsumed(0).batteryRemaining((int) Math.round(battery.percent())).build());
    }

    private void position() {
        send(GlobalPositionInt.builder().timeBootMs(timeBootMs()).lat((int) Math.round(lat * 1e7))
                .lon((int) Math.round(lon * 1e7)).alt(52_000).relativeAlt(0).vx(0).vy(0).vz(0).hdg(0).build());
    }

    private void hud() {
        send(VfrHud.builder().airspeed(0).groundspeed(0).heading(0).throttle(0).alt(52).climb(0).build());
    }

    private void attitude() {
        send(Attitude.builder().timeBootMs(timeBootMs()).roll(0.001f).pitch(-0.002f).yaw(0.0f).build());
    }

    private void onCommand(InboundMessage<CommandLong> m) {
        CommandLong c = m.payload();
        if (c.targetSystem() != systemId) {
            return;
        }
        int cmd = c.command().value();
        MavResult result = switch (cmd) {
            case 400 -> {   // COMPONENT_ARM_DISARM
                armed = c.param1() == 1f;
                LOG.info("{}: {}", name, armed ? "armed" : "disarmed");
                yield MavResult.MAV_RESULT_ACCEPTED;
            }
            case 176 -> {   // DO_SET_MODE, param2 = custom mode
                mode = (int) c.param2();
                LOG.info("{}: mode {}", name, mode);
                yield MavResult.MAV_RESULT_ACCEPTED;
            }
            default -> MavResult.MAV_RESULT_UNSUPPORTED;
        };
        send(CommandAck.builder().command(EnumValue.create(MavCmd.class, cmd)).result(result)
                .targetSystem(m.systemId()).targetComponent(m.componentId()).build());
    }

    @Override
    public void close() {
        streams.forEach(StationClock.Timer::cancel);
        endpoint.close();
    }
}

package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CameraImageCaptured;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.time.ManualClock;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Frames produced by an independent implementation, node-mavlink 2.3.0, with
 * {@code src/test/resources/mavlink/golden/gen-golden.mjs}. Our encoder must produce the same bytes
 * and our parser/decoder must accept them. Signatures were also re-checked with Python's hashlib.
 */
class MavGoldenFramesTest {

    private static byte[] bytes(String... hexParts) {
        return MavFixtures.hex(String.join("", hexParts));
    }

    // ---- the goldens, annotated --------------------------------------------------------------

    static final byte[] HEARTBEAT_V2 = bytes(
            "fd",                 // magic: MAVLink 2
            "09",                 // payload length 9
            "00", "00",           // incompat flags, compat flags
            "00",                 // sequence 0
            "01", "01",           // sysid 1, compid 1
            "000000",             // msgid 0 HEARTBEAT (24 bit LE)
            "04000000",           // custom_mode 4 (COPTER_MODE_GUIDED), uint32 LE
            "02", "03",           // type 2 QUADROTOR, autopilot 3 ARDUPILOTMEGA
            "59", "03", "03",     // base_mode 0x59, system_status 3 STANDBY, mavlink_version 3
            "a6c7");              // CRC-16/X.25 with CRC_EXTRA 50, LE

    static final byte[] HEARTBEAT_V1 = bytes(
            "fe",                 // magic: MAVLink 1
            "09",                 // payload length 9
            "07",                 // sequence 7
            "01", "01",           // sysid 1, compid 1
            "00",                 // msgid 0 HEARTBEAT (8 bit)
            "040000000203590303", // same payload as HEARTBEAT_V2
            "bb74");              // CRC

    static final byte[] COMMAND_LONG = bytes(
            "fd", "20",           // MAVLink 2, payload 32 (33 truncated: confirmation 0 dropped)
            "00", "00", "01",     // flags, sequence 1
            "ff", "be",           // sysid 255, compid 190 (GCS)
            "4c0000",             // msgid 76 COMMAND_LONG
            "0000803f",           // param1 1.0f (arm)
            "000000000000000000000000000000000000000000000000", // param2..param7 0 (24 bytes)
            "9001",               // command 400 COMPONENT_ARM_DISARM
            "01", "01",           // target system 1, target component 1
            "7004");              // CRC

    static final byte[] COMMAND_INT = bytes(
            "fd", "21",           // MAVLink 2, payload 33 (35 truncated: current, autocontinue 0)
            "00", "00", "02",     // flags, sequence 2
            "ff", "be",           // from 255/190
            "4b0000",             // msgid 75 COMMAND_INT
            "000080bf",           // param1 -1.0f (ground speed: default)
            "0000803f",           // param2 1.0f (MAV_DO_REPOSITION_FLAGS_CHANGE_MODE)
            "00000000", "00000000", // param3, param4
            "4a52401c",           // x 473977418 (lat * 1e7)
            "43f41705",           // y 85455939 (lon * 1e7)
            "0000a441",           // z 20.5f
            "c000",               // command 192 DO_REPOSITION
            "01", "01", "06",     // target 1/1, frame 6 GLOBAL_RELATIVE_ALT_INT
            "ada8");              // CRC

    static final byte[] COMMAND_ACK = bytes(
            "fd", "0a",           // MAVLink 2, payload 10 (full)
            "00", "00", "03",     // flags, sequence 3
            "01", "01",           // from 1/1 (autopilot)
            "4d0000",             // msgid 77 COMMAND_ACK
            "9001",               // command 400
            "00",                 // result 0 ACCEPTED
            "00",                 // progress 0 (extension)
            "00000000",           // result_param2 0 (extension)
            "ff", "be",           // target_system 255, target_component 190 (extensions)
            "7b63");              // CRC

    static final byte[] MISSION_COUNT = bytes(
            "fd", "04",           // MAVLink 2, payload 4 (mission_type 0 and opaque_id 0 truncated)
            "00", "00", "04",     // flags, sequence 4
            "ff", "be",           // from 255/190
            "2c0000",             // msgid 44 MISSION_COUNT
            "0500",               // count 5
            "01", "01",           // target 1/1
            "ca29");              // CRC

    static final byte[] MISSION_ITEM_INT = bytes(
            "fd", "25",           // MAVLink 2, payload 37 (38 truncated: mission_type 0)
            "00", "00", "05",     // flags, sequence 5
            "ff", "be",           // from 255/190
            "490000",             // msgid 73 MISSION_ITEM_INT
            "00000000000000000000000000000000", // param1..param4 0
            "4a52401c", "43f41705", // x lat 473977418, y lon 85455939
            "0000f041",           // z 30.0f
            "0100",               // seq 1
            "1000",               // command 16 NAV_WAYPOINT
            "01", "01", "06",     // target 1/1, frame 6 GLOBAL_RELATIVE_ALT_INT
            "00", "01",           // current 0, autocontinue 1
            "e8a9");              // CRC

    static final byte[] GLOBAL_POSITION_INT = bytes(
            "fd", "1c",           // MAVLink 2, payload 28 (full)
            "00", "00", "06",     // flags, sequence 6
            "01", "01",           // from 1/1
            "210000",             // msgid 33 GLOBAL_POSITION_INT
            "40e20100",           // time_boot_ms 123456
            "4a52401c", "43f41705", // lat, lon
            "54d10700",           // alt 512340 mm
            "a8750000",           // relative_alt 30120 mm
            "88ff", "2d00", "0300", // vx -120, vy 45, vz 3 (cm/s)
            "7869",               // hdg 27000 cdeg
            "36fa");              // CRC

    static final byte[] CAMERA_IMAGE_CAPTURED = bytes(
            "fd", "3e",           // MAVLink 2, payload 62 (255 truncated after the file name)
            "00", "00", "08",     // flags, sequence 8
            "01", "64",           // from 1/100 (camera)
            "070100",             // msgid 263: needs 3 id bytes, impossible in MAVLink 1
            "0040204648470600",   // time_utc 1767225600000000 us (uint64)
            "f1fb0900",           // time_boot_ms 654321
            "4a52401c", "43f41705", "54d10700", "a8750000", // lat, lon, alt, relative_alt
            "0000803f000000000000000000000000", // q = [1, 0, 0, 0]
            "07000000",           // image_index 7
            "01", "01",           // camera_id 1, capture_result 1
            "696d675f303030372e6a7067", // file_url "img_0007.jpg" (zero tail truncated)
            "7280");              // CRC

    /** SHA-256("street-station-golden-key"). */
    static final byte[] KEY = MavFixtures.hex("0faba93800e45830661e087e789a5cc25bd6de7f98872be6a18b60da36fa7ee9");
    /** 2026-01-01T00:00:00.123Z in 10 µs units since 2015-01-01. */
    static final long TIMESTAMP = 34_715_520_012_300L;

    static final byte[] SIGNED_HEARTBEAT = bytes(
            "fd", "09",           // MAVLink 2, payload 9
            "01", "00",           // incompat 0x01 = signed, compat 0
            "09",                 // sequence 9
            "ff", "be",           // from 255/190
            "000000",             // HEARTBEAT
            "00000000", "06", "08", "00", "04", "03", // custom 0, GCS, INVALID, base 0, ACTIVE, v3
            "0e6e",               // CRC (covers the signed flag)
            "03",                 // link id 3
            "0c103dd6921f",       // timestamp 34715520012300, 48 bit LE
            "5ecf5f143b0a");      // signature: SHA-256(key ‖ frame up to timestamp)[0..6]

    static final byte[] SIGNED_COMMAND_LONG = bytes(
            "fd", "20", "01", "00", "0a", "ff", "be", "4c0000", // signed COMMAND_LONG, seq 10
            "0000803f00000000000000000000000000000000000000000000000090010101", // as COMMAND_LONG
            "c702",               // CRC
            "03", "0c103dd6921f", // link id 3, timestamp as above
            "426f00c5f793");      // signature

    // ---- the same messages built with dronefleet ----------------------------------------------

    static Heartbeat copterHeartbeat() {
        return Heartbeat.builder().type(MavType.MAV_TYPE_QUADROTOR).autopilot(MavAutopilot.MAV_AUTOPILOT_ARDUPILOTMEGA)
                .baseMode(EnumValue.create(MavModeFlag.class, 0x59)).customMode(4)
                .systemStatus(MavState.MAV_STATE_STANDBY).mavlinkVersion(3).build();
    }

    static Heartbeat gcsHeartbeat() {
        return Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .baseMode(EnumValue.create(MavModeFlag.class, 0)).customMode(0)
                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build();
    }

    static CommandLong arm() {
        return CommandLong.builder().targetSystem(1).targetComponent(1).command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM)
                .confirmation(0).param1(1).build();
    }

    record Golden(String name, byte[] bytes, Object message, int seq, int sys, int comp) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Golden> unsignedV2() {
        return List.of(
                new Golden("HEARTBEAT", HEARTBEAT_V2, copterHeartbeat(), 0, 1, 1),
                new Golden("COMMAND_LONG", COMMAND_LONG, arm(), 1, 255, 190),
                new Golden("COMMAND_INT", COMMAND_INT, CommandInt.builder().targetSystem(1).targetComponent(1)
                        .frame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT).command(MavCmd.MAV_CMD_DO_REPOSITION)
                        .param1(-1).param2(1).x(473977418).y(85455939).z(20.5f).build(), 2, 255, 190),
                new Golden("COMMAND_ACK", COMMAND_ACK, CommandAck.builder().command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM)
                        .result(MavResult.MAV_RESULT_ACCEPTED).targetSystem(255).targetComponent(190).build(), 3, 1, 1),
                new Golden("MISSION_COUNT", MISSION_COUNT, MissionCount.builder().targetSystem(1).targetComponent(1)
                        .count(5).missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build(), 4, 255, 190),
                new Golden("MISSION_ITEM_INT", MISSION_ITEM_INT, MissionItemInt.builder().targetSystem(1)
                        .targetComponent(1).seq(1).frame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT)
                        .command(MavCmd.MAV_CMD_NAV_WAYPOINT).current(0).autocontinue(1).x(473977418).y(85455939)
                        .z(30).missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build(), 5, 255, 190),
                new Golden("GLOBAL_POSITION_INT", GLOBAL_POSITION_INT, GlobalPositionInt.builder().timeBootMs(123456)
                        .lat(473977418).lon(85455939).alt(512340).relativeAlt(30120).vx(-120).vy(45).vz(3).hdg(27000)
                        .build(), 6, 1, 1),
                new Golden("CAMERA_IMAGE_CAPTURED", CAMERA_IMAGE_CAPTURED, CameraImageCaptured.builder()
                        .timeBootMs(654321).timeUtc(BigInteger.valueOf(1767225600000000L)).cameraId(1).lat(473977418)
                        .lon(85455939).alt(512340).relativeAlt(30120).q(List.of(1f, 0f, 0f, 0f)).imageIndex(7)
                        .captureResult(1).fileUrl("img_0007.jpg").build(), 8, 1, 100));
    }

    static Stream<Arguments> unsignedGoldens() {
        return unsignedV2().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignedGoldens")
    void encoder_producesNodeMavlinkBytes(Golden g) {
        byte[] ours = MavFixtures.encoder().v2(g.message(), g.seq(), g.sys(), g.comp(), null);
        assertThat(MavFixtures.hex(ours)).isEqualTo(MavFixtures.hex(g.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignedGoldens")
    void parserAndDecoder_acceptNodeMavlinkBytes(Golden g) {
        List<InboundMessage<?>> got = new ArrayList<>();
        MavlinkIngest ingest = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add);
        ingest.want(g.message().getClass());
        ingest.accept(g.bytes(), 0, g.bytes().length);
        assertThat(got).hasSize(1);
        InboundMessage<?> m = got.get(0);
        assertThat(m.payload()).isEqualTo(g.message());
        assertThat(m.systemId()).isEqualTo(g.sys());
        assertThat(m.componentId()).isEqualTo(g.comp());
        assertThat(m.sequence()).isEqualTo(g.seq());
        assertThat(m.version()).isEqualTo(2);
    }

    @Test
    void mavlink1Heartbeat_encodesAndParsesAsNodeMavlink() {
        byte[] ours = MavFixtures.encoder().v1(copterHeartbeat(), 7, 1, 1);
        assertThat(MavFixtures.hex(ours)).isEqualTo(MavFixtures.hex(HEARTBEAT_V1));

        List<InboundMessage<?>> got = new ArrayList<>();
        MavlinkIngest ingest = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add);
        ingest.want(Heartbeat.class);
        ingest.accept(HEARTBEAT_V1, 0, HEARTBEAT_V1.length);
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.version()).isEqualTo(1);
            assertThat(m.payload()).isEqualTo(copterHeartbeat());
        });
    }

    @Test
    void signedFrames_encodeToNodeMavlinkBytes_withKnownKeyTimestampAndLinkId() {
        FrameEncoder.Signature sig = new FrameEncoder.Signature(KEY, 3, TIMESTAMP);
        assertThat(MavFixtures.hex(MavFixtures.encoder().v2(gcsHeartbeat(), 9, 255, 190, sig)))
                .isEqualTo(MavFixtures.hex(SIGNED_HEARTBEAT));
        assertThat(MavFixtures.hex(MavFixtures.encoder().v2(arm(), 10, 255, 190, sig)))
                .isEqualTo(MavFixtures.hex(SIGNED_COMMAND_LONG));
    }

    @Test
    void signedFrames_fromNodeMavlink_verifyWithTheKey() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.123Z"));
        List<InboundMessage<?>> got = new ArrayList<>();
        MavlinkIngest ingest = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), got::add,
                new SigningConfig(KEY, 0), new SigningClock(clock), null);
        ingest.want(Heartbeat.class);
        ingest.want(CommandLong.class);
        ingest.accept(SIGNED_HEARTBEAT, 0, SIGNED_HEARTBEAT.length);
        ingest.accept(SIGNED_COMMAND_LONG, 0, SIGNED_COMMAND_LONG.length);

        // both carry the same timestamp on the same stream (255/190, link 3): the second is a replay
        assertThat(got).hasSize(1);
        assertThat(got.get(0).payload()).isEqualTo(gcsHeartbeat());
        assertThat(got.get(0).signed()).isTrue();
        assertThat(got.get(0).linkId()).isEqualTo(3);
        assertThat(ingest.statistics().replayed()).isEqualTo(1);
        assertThat(ingest.statistics().badSignatures()).isZero();
    }

    @Test
    void signatureTimestamp_isTenMicrosecondUnitsSince2015() {
        assertThat(SigningClock.units(Instant.parse("2026-01-01T00:00:00.123Z"))).isEqualTo(TIMESTAMP);
    }

    @Test
    void cameraImageCaptured_id263_cannotGoOutAsMavlink1() {
        Object msg = unsignedV2().get(7).message();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MavFixtures.encoder().v1(msg, 0, 1, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("263");
    }
}

package io.streetstation.bridge.frame.msg;

import static io.streetstation.bridge.frame.Bytes.bytes;
import static io.streetstation.bridge.frame.Bytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.frame.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One golden payload per message type of PROTOCOL.md §5, every byte commented: the conformance
 * vectors for the MCU side. Each must encode to exactly these bytes and decode back to the record.
 */
class MessageCatalogGoldenTest {

    record Golden(StationMessage message, byte[] payload) {
        @Override
        public String toString() {
            return message.type().name();
        }
    }

    static final byte[] SHA = Bytes.run(0xA0, 32);

    static List<Golden> goldens() {
        return List.of(
                new Golden(new Hello(1, 1, new PeerIdentity(Role.AGENT, DeviceKind.AGENT,
                        0x12345678L, new FirmwareVersion(1, 2, 3), 0x5, "AG-1")), concat(bytes(
                        0x01,                   // version min 1
                        0x01,                   // version max 1
                        0x01,                   // role AGENT
                        0x01,                   // kind AGENT
                        0x78, 0x56, 0x34, 0x12, // boot id 0x12345678
                        0x01,                   // firmware major 1
                        0x02,                   // firmware minor 2
                        0x03, 0x00,             // firmware patch 3
                        0x05, 0x00, 0x00, 0x00, // capabilities 0b101
                        0x04),                  // serial length 4
                        ascii("AG-1"))),        // serial
                new Golden(new HelloAck(1, new PeerIdentity(Role.DEVICE, DeviceKind.NEST_CONTROLLER,
                        0xCAFEF00DL, new FirmwareVersion(2, 0, 17), 0x7, "NC-0042")), concat(bytes(
                        0x01,                   // chosen version 1
                        0x02,                   // role DEVICE
                        0x02,                   // kind NEST_CONTROLLER
                        0x0D, 0xF0, 0xFE, 0xCA, // boot id 0xCAFEF00D
                        0x02,                   // firmware major 2
                        0x00,                   // firmware minor 0
                        0x11, 0x00,             // firmware patch 17
                        0x07, 0x00, 0x00, 0x00, // capabilities: weather, climate, UPS
                        0x07),                  // serial length 7
                        ascii("NC-0042"))),
                new Golden(new StatusRequest(0x0111, 2), bytes(
                        0x11, 0x01,             // requested type 0x0111 BAY_STATE
                        0x02)),                 // index: bay 2
                new Golden(new DeviceEvent(0x0203, DeviceEvent.Severity.FAULT, "stall"), concat(bytes(
                        0x03, 0x02,             // code 0x0203
                        0x02,                   // severity FAULT
                        0x05),                  // text length 5
                        ascii("stall"))),
                new Golden(new RoofCommand(RoofCommand.Action.CLOSE), bytes(
                        0x02)),                 // action CLOSE
                new Golden(new RoofState(RoofState.Phase.OPENING, 42, 1500, 0), bytes(
                        0x01,                   // phase OPENING
                        0x2A,                   // position 42 %
                        0xDC, 0x05,             // motor current 1500 mA
                        0x00, 0x00)),           // fault code none
                new Golden(new BayCommand(3, BayCommand.Action.CHARGE_START), bytes(
                        0x03,                   // bay 3
                        0x03)),                 // action CHARGE_START
                new Golden(new BayState(2, true, false, BayState.Centring.CLAMPED, true,
                        BayState.Charger.CHARGING, 25_200, 4000, 67, false), bytes(
                        0x02,                   // bay 2
                        0x01,                   // present, sensor A: yes
                        0x00,                   // present, sensor B: no (disagreement visible)
                        0x02,                   // centring CLAMPED
                        0x01,                   // contacts engaged
                        0x01,                   // charger CHARGING
                        0x70, 0x62,             // 25200 mV
                        0xA0, 0x0F,             // 4000 mA
                        0x43,                   // battery 67 %
                        0x00)),                 // drone power off
                new Golden(new Weather(650, 1120, 2705, 25, -325, 8150, 10_132), bytes(
                        0x8A, 0x02,             // wind 650 cm/s = 6.5 m/s
                        0x60, 0x04,             // gust 1120 cm/s = 11.2 m/s
                        0x91, 0x0A,             // direction 2705 = 270.5 deg (from the west)
                        0x19, 0x00,             // rain 25 = 2.5 mm/h
                        0xBB, 0xFE,             // temperature -325 = -3.25 degC
                        0xD6, 0x1F,             // humidity 8150 = 81.50 %RH
                        0x94, 0x27)),           // pressure 10132 = 1013.2 hPa
                new Golden(new ClimateState(1850, 4520, false, true, false, ClimateMode.AUTO, 1500), bytes(
                        0x3A, 0x07,             // inside 1850 = 18.50 degC
                        0xA8, 0x11,             // humidity 4520 = 45.20 %RH
                        0x00,                   // heater off
                        0x01,                   // fan on
                        0x00,                   // dehumidifier off
                        0x01,                   // mode AUTO
                        0xDC, 0x05)),           // target 1500 = 15.00 degC
                new Golden(new ClimateSetMode(ClimateMode.HEAT, -500), bytes(
                        0x02,                   // mode HEAT
                        0x0C, 0xFE)),           // target -500 = -5.00 degC
                new Golden(new EStopState(true, true, EStopState.Source.LOCAL_BUTTON), bytes(
                        0x01,                   // pressed
                        0x01,                   // latched
                        0x01)),                 // source LOCAL_BUTTON
                new Golden(new EStopReset(), bytes()), // no payload
                new Golden(new EStopTrigger(), bytes()), // no payload
                new Golden(new TowerLightCommand(LightColour.AMBER, LightPattern.FLASHING), bytes(
                        0x02,                   // colour AMBER
                        0x01)),                 // pattern FLASHING
                new Golden(new TowerLightState(LightColour.RED, LightPattern.STEADY), bytes(
                        0x03,                   // colour RED
                        0x00)),                 // pattern STEADY
                new Golden(new PowerState(false, 87, 5400, 24_150), bytes(
                        0x00,                   // mains absent: on UPS
                        0x57,                   // UPS battery 87 %
                        0x18, 0x15,             // runtime 5400 s
                        0x56, 0x5E)),           // bus 24150 mV
                new Golden(new RackSlotState(5, true, RackSlotState.Lock.LOCKED, 91, true, "BV-07"),
                        concat(bytes(
                        0x05,                   // slot 5
                        0x01,                   // occupied
                        0x01,                   // lock LOCKED
                        0x5B,                   // battery 91 %
                        0x01,                   // charging
                        0x05),                  // vehicle id length 5
                        ascii("BV-07"))),
                new Golden(new RackLockCommand(12, RackLockCommand.Action.UNLOCK), bytes(
                        0x0C,                   // slot 12
                        0x02)),                 // action UNLOCK
                new Golden(new CaptureRecord(1, 0x01020304L, CaptureRecord.ObjectClass.VEHICLE, 9731,
                        new CaptureRecord.BoundingBox(100, 200, 320, 240), 1_767_225_600_123L, 2500,
                        SHA, 3, "鲁C12345", List.of(new CaptureRecord.Attribute("colour", "white"),
                        new CaptureRecord.Attribute("type", "sedan"))), concat(bytes(
                        0x01,                   // camera id 1
                        0x04, 0x03, 0x02, 0x01, // capture id 0x01020304
                        0x02,                   // class VEHICLE
                        0x03, 0x26,             // confidence 9731 = 97.31 %
                        0x64, 0x00,             // box x 100 px
                        0xC8, 0x00,             // box y 200 px
                        0x40, 0x01,             // box width 320 px
                        0xF0, 0x00,             // box height 240 px
                        0x7B, 0xA8, 0xDA, 0x76, 0x9B, 0x01, 0x00, 0x00), // 2026-01-01T00:00:00.123Z
                        bytes(
                        0xC4, 0x09, 0x00, 0x00), // image length 2500 bytes
                        SHA,                    // SHA-256 (32 bytes, A0..BF here)
                        bytes(
                        0x03, 0x00,             // chunk count 3 = ceil(2500 / 1016)
                        0x09,                   // plate length 9 (UTF-8 bytes)
                        0xE9, 0xB2, 0x81,       // "鲁" (Shandong)
                        0x43, 0x31, 0x32, 0x33, 0x34, 0x35, // "C12345"
                        0x02,                   // 2 attributes
                        0x06), ascii("colour"), // key "colour"
                        bytes(0x05), ascii("white"), // value "white"
                        bytes(0x04), ascii("type"),  // key "type"
                        bytes(0x05), ascii("sedan"))), // value "sedan"
                new Golden(new ImageChunk(0x01020304L, 1, 3, bytes(0xDE, 0xAD, 0xBE, 0xEF)), bytes(
                        0x04, 0x03, 0x02, 0x01, // capture id 0x01020304
                        0x01, 0x00,             // chunk index 1
                        0x03, 0x00,             // chunk count 3
                        0xDE, 0xAD, 0xBE, 0xEF)), // JPEG bytes: the rest of the payload
                new Golden(new ImageRequest(0x01020304L, 1, 0), bytes(
                        0x04, 0x03, 0x02, 0x01, // capture id
                        0x01, 0x00,             // first chunk 1
                        0x00, 0x00)));          // count 0: all from the first
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void message_encodesToGoldenPayload(Golden g) {
        assertThat(MessageCatalog.encode(g.message())).containsExactly(g.payload());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void goldenPayload_decodesToMessage(Golden g) {
        assertThat(MessageCatalog.standard().decode(g.message().type().id(), g.payload()))
                .isEqualTo(new DecodeResult.Decoded(g.message()));
    }

    @Test
    void everyCatalogueType_hasAGoldenVector() {
        Set<Integer> golden = goldens().stream().map(g -> g.message().type().id()).collect(Collectors.toSet());
        Set<Integer> catalogue = MessageCatalog.standard().types().stream().map(MessageType::id)
                .collect(Collectors.toSet());
        assertThat(golden).isEqualTo(catalogue);
    }

    @Test
    void typeIds_matchTheSpecTable() {
        assertThat(MessageCatalog.standard().types().stream().map(t -> String.format("%04X %s", t.id(), t.name())))
                .containsExactly("0001 HELLO", "0002 HELLO_ACK", "0003 STATUS_REQUEST", "0004 DEVICE_EVENT",
                        "0100 ROOF_COMMAND", "0101 ROOF_STATE", "0110 BAY_COMMAND", "0111 BAY_STATE",
                        "0120 WEATHER", "0130 CLIMATE_STATE", "0131 CLIMATE_SET_MODE",
                        "0140 ESTOP_STATE", "0141 ESTOP_RESET", "0142 ESTOP_TRIGGER", "0150 TOWER_LIGHT_COMMAND",
                        "0151 TOWER_LIGHT_STATE", "0160 POWER_STATE", "0200 RACK_SLOT_STATE",
                        "0201 RACK_LOCK_COMMAND", "0300 CAPTURE_RECORD", "0301 IMAGE_CHUNK",
                        "0302 IMAGE_REQUEST");
        assertThat(Stream.of(EStopState.TYPE, RoofCommand.TYPE).map(MessageType::ackPolicy))
                .containsOnly(AckPolicy.ALWAYS);
    }
}

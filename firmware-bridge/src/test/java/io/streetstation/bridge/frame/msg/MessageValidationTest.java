package io.streetstation.bridge.frame.msg;

import static io.streetstation.bridge.frame.Bytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad payloads become a typed result naming the field, never an exception or a partial message. */
class MessageValidationTest {

    private final MessageCatalog catalog = MessageCatalog.standard();

    private void assertBad(MessageType<?> type, byte[] payload, String detailContains) {
        assertThat(catalog.decode(type.id(), payload)).isInstanceOfSatisfying(DecodeResult.BadPayload.class,
                b -> {
                    assertThat(b.type()).isEqualTo(type);
                    assertThat(b.detail()).contains(detailContains);
                });
    }

    @Test
    void bayZeroAndFive_areOutOfRange() {
        assertBad(BayCommand.TYPE, bytes(0x00, 0x01), "bay 0 out of range 1..4");
        assertBad(BayCommand.TYPE, bytes(0x05, 0x01), "bay 5 out of range 1..4");
    }

    @Test
    void percentageOver100_isRejected_but255MeansUnknown() {
        assertBad(RoofState.TYPE, bytes(0x01, 101, 0x00, 0x00, 0x00, 0x00), "position 101");
        assertThat(catalog.decode(PowerState.TYPE.id(), bytes(0x01, 0xFF, 0, 0, 0, 0)))
                .isInstanceOf(DecodeResult.Decoded.class);
        assertBad(PowerState.TYPE, bytes(0x01, 0xFE, 0, 0, 0, 0), "UPS battery 254");
    }

    @Test
    void unknownEnumCode_isRejected() {
        assertBad(RoofCommand.TYPE, bytes(0x04), "unknown Action code 4");
        assertBad(RoofCommand.TYPE, bytes(0x00), "unknown Action code 0");
    }

    @Test
    void booleanOtherThan0or1_isRejected() {
        assertBad(EStopState.TYPE, bytes(0x02, 0x01, 0x01), "pressed: boolean must be 0 or 1");
    }

    @Test
    void shortPayload_isRejected() {
        assertBad(Weather.TYPE, bytes(0x8A, 0x02, 0x60), "gust");
    }

    @Test
    void trailingBytes_areRejected() {
        assertBad(RoofCommand.TYPE, bytes(0x01, 0x00), "1 trailing bytes");
        assertBad(EStopReset.TYPE, bytes(0x00), "trailing");
        assertBad(EStopTrigger.TYPE, bytes(0x00), "trailing");
    }

    @Test
    void invalidUtf8_isRejected() {
        assertBad(DeviceEvent.TYPE, bytes(0x01, 0x00, 0x00, 0x02, 0xC3, 0x28), "not valid UTF-8");
    }

    @Test
    void stringLongerThanItsLimit_isRejected() {
        byte[] p = new byte[6 + 17];
        p[0] = 1; p[1] = 1; p[2] = 1; p[3] = 50; p[4] = 0; p[5] = 17;
        java.util.Arrays.fill(p, 6, p.length, (byte) 'A');
        assertBad(RackSlotState.TYPE, p, "vehicle id: 17 bytes > 16");
    }

    @Test
    void fixedPointOutOfRange_isRejected() {
        // wind 7501 cm/s
        assertBad(Weather.TYPE, bytes(0x4D, 0x1D, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xB8, 0x0B), "wind cm/s 7501");
    }

    @Test
    void eStopLatchedWithoutSource_isRejected() {
        assertBad(EStopState.TYPE, bytes(0x00, 0x01, 0x00), "without a source");
    }

    @Test
    void emptySlotWithVehicleId_isRejected() {
        assertBad(RackSlotState.TYPE, bytes(0x01, 0x00, 0x00, 0xFF, 0x00, 0x01, 'X'), "empty but");
    }

    @Test
    void captureRecord_personWithPlate_andInconsistentChunkCount_areRejected() {
        byte[] good = MessageCatalog.encode(MessageCatalogGoldenTest.goldens().stream()
                .map(MessageCatalogGoldenTest.Golden::message)
                .filter(m -> m instanceof CaptureRecord).findFirst().orElseThrow());
        byte[] person = good.clone();
        person[5] = 0x01;  // class PERSON, plate still set
        assertBad(CaptureRecord.TYPE, person, "PERSON capture has no plate");
        byte[] chunks = good.clone();
        chunks[60] = 0x02;  // 2 chunks cannot carry 2500 bytes at 1016 per chunk
        assertBad(CaptureRecord.TYPE, chunks, "chunk count 2 out of range 3..2500");
    }

    @Test
    void imageChunk_indexNotBelowCount_isRejected() {
        assertBad(ImageChunk.TYPE, bytes(1, 0, 0, 0, 0x03, 0x00, 0x03, 0x00, 0xFF), "chunk index 3 out of range 0..2");
        assertBad(ImageChunk.TYPE, bytes(1, 0, 0, 0, 0x00, 0x00, 0x01, 0x00), "chunk data bytes 0");
    }

    @Test
    void helloWithMaxBelowMin_isRejected() {
        assertBad(Hello.TYPE, bytes(0x02, 0x01, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), "version max 1 out of range 2..255");
    }

    @Test
    void bootIdZero_isRejected() {
        assertBad(Hello.TYPE, bytes(0x01, 0x01, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), "boot id 0");
    }

    @Test
    void unknownType_isATypedResult() {
        assertThat(catalog.decode(0x7777, bytes(1, 2, 3))).isEqualTo(new DecodeResult.UnknownType(0x7777));
    }

    @Test
    void emptyPayloadForEveryType_neverThrows() {
        for (MessageType<?> t : catalog.types()) {
            assertThat(catalog.decode(t.id(), new byte[0])).isNotNull();
        }
    }
}

package io.streetstation.bridge.frame;

import static io.streetstation.bridge.frame.Bytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Golden frames of PROTOCOL.md §7. The CRCs and stuffed forms were computed with an independent
 * implementation (bitwise CRC-32C and reference COBS in Python), not with this code.
 */
class FrameCodecTest {

    /** ROOF_COMMAND OPEN, agent 0x01 -> nest 0x10, seq 7, ACK requested. */
    static final Frame ROOF_OPEN = Frame.data(0x01, 0x10, 7, 0x0100, bytes(0x01), true);

    static final byte[] ROOF_OPEN_RAW = bytes(
            0x01,             // version 1
            0x01,             // flags: ACK_REQUESTED
            0x01,             // source: agent
            0x10,             // destination: nest controller
            0x07, 0x00,       // sequence 7 (LE)
            0x00, 0x01,       // type 0x0100 ROOF_COMMAND (LE)
            0x01, 0x00,       // payload length 1 (LE)
            0x01,             // payload: action OPEN
            0x2C, 0xEE, 0x34, 0x11); // CRC-32C 0x1134EE2C (LE) over the 11 bytes above

    static final byte[] ROOF_OPEN_WIRE = bytes(
            0x00,                                // leading delimiter
            0x06, 0x01, 0x01, 0x01, 0x10, 0x07,  // code 6: 5 bytes, then the zero (seq high)
            0x01,                                // code 1: the zero (type low)
            0x03, 0x01, 0x01,                    // code 3: type high, length low, then zero (length high)
            0x06, 0x01, 0x2C, 0xEE, 0x34, 0x11,  // code 6: payload + CRC, last block (no zero)
            0x00);                               // trailing delimiter

    @Test
    void roofOpen_encodesToGoldenUnstuffedBytes() {
        assertThat(FrameCodec.unstuffed(ROOF_OPEN)).containsExactly(ROOF_OPEN_RAW);
    }

    @Test
    void roofOpen_encodesToGoldenWireBytes() {
        assertThat(FrameCodec.encode(ROOF_OPEN)).containsExactly(ROOF_OPEN_WIRE);
    }

    @Test
    void roofOpen_goldenBytesDecode() {
        assertThat(FrameCodec.decode(ROOF_OPEN_RAW, 0, ROOF_OPEN_RAW.length))
                .isEqualTo(new ParseResult.Parsed(ROOF_OPEN));
    }

    @Test
    void ack_encodesToGoldenWireBytes_withAZeroInsideTheCrc() {
        // the unstuffed ACK: 01 02 10 01 07 00 00 01 00 00 | 00 1A 67 0A
        // blocks:  [01 02 10 01 07] 0 | [] 0 | [01] 0 | [] 0 | [] 0 | [1A 67 0A]
        byte[] expected = bytes(
                0x00,                                // leading delimiter
                0x06, 0x01, 0x02, 0x10, 0x01, 0x07,  // version, flags ACK, src, dst, seq low; zero = seq high
                0x01,                                // zero = type low (0x00)
                0x02, 0x01,                          // type high 0x01; zero = length low
                0x01,                                // zero = length high
                0x01,                                // zero = CRC byte 0 (0x00)
                0x04, 0x1A, 0x67, 0x0A,              // CRC bytes 1..3, last block
                0x00);                               // trailing delimiter
        assertThat(FrameCodec.encode(Frame.ackFor(ROOF_OPEN))).containsExactly(expected);
    }

    @Test
    void nak_encodesReasonAndDetail() {
        byte[] detail = "E-stop latched".getBytes(StandardCharsets.UTF_8);
        byte[] raw = Bytes.concat(bytes(
                0x01,             // version
                0x04,             // flags: NAK
                0x10, 0x01,       // src nest, dst agent
                0x07, 0x00,       // seq 7 echoed
                0x00, 0x01,       // type 0x0100 echoed
                0x10, 0x00,       // payload length 16
                0x04,             // reason REFUSED
                0x0E),            // detail length 14
                detail,           // "E-stop latched"
                bytes(0x12, 0x26, 0xBE, 0x83)); // CRC-32C (LE)
        Frame nak = Frame.nakFor(ROOF_OPEN, new Nak(NakReason.REFUSED, "E-stop latched"));
        assertThat(FrameCodec.unstuffed(nak)).containsExactly(raw);
        assertThat(Nak.decode(nak.payload())).isEqualTo(new Nak(NakReason.REFUSED, "E-stop latched"));
    }

    @Test
    void broadcast_withZeroPayload_stuffsEveryZero() {
        Frame f = Frame.data(0x10, 0xFF, 0x1234, 0x0120, new byte[14], false);
        byte[] wire = Bytes.hex("00 02 01 08 10 ff 34 12 20 01 0e 01 01 01 01 01 01 01 01 01 01 01"
                + " 01 01 01 05 e0 30 7c 88 00");
        assertThat(FrameCodec.encode(f)).containsExactly(wire);
    }

    @Test
    void decode_shortFrame_isTruncated() {
        assertThat(FrameCodec.decode(new byte[13], 0, 13)).isInstanceOfSatisfying(
                ParseResult.Malformed.class, m -> assertThat(m.error()).isEqualTo(FrameError.TRUNCATED));
    }

    @Test
    void decode_flippedPayloadBit_isBadCrc() {
        byte[] raw = ROOF_OPEN_RAW.clone();
        raw[10] ^= 0x04;
        assertError(raw, FrameError.BAD_CRC);
    }

    @Test
    void decode_version2WithValidCrc_isUnsupportedVersion() {
        assertError(withCrc(bytes(0x02, 0x00, 0x01, 0x10, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00)),
                FrameError.UNSUPPORTED_VERSION);
    }

    @Test
    void decode_lengthFieldDisagreeingWithFrame_isLengthMismatch() {
        // says 2 payload bytes, carries 1
        assertError(withCrc(bytes(0x01, 0x00, 0x01, 0x10, 0x07, 0x00, 0x00, 0x01, 0x02, 0x00, 0x01)),
                FrameError.LENGTH_MISMATCH);
    }

    @Test
    void decode_lengthFieldOverMaximum_isTooLong() {
        assertError(withCrc(bytes(0x01, 0x00, 0x01, 0x10, 0x07, 0x00, 0x00, 0x01, 0x01, 0x04)),
                FrameError.TOO_LONG);
    }

    @Test
    void decode_ackAndNakTogether_isBadHeader() {
        assertError(withCrc(bytes(0x01, 0x06, 0x01, 0x10, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00)),
                FrameError.BAD_HEADER);
    }

    @Test
    void decode_reservedFlag_isBadHeader() {
        assertError(withCrc(bytes(0x01, 0x08, 0x01, 0x10, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00)),
                FrameError.BAD_HEADER);
    }

    @Test
    void decode_ackRequestedOnBroadcast_isBadHeader() {
        assertError(withCrc(bytes(0x01, 0x01, 0x01, 0xFF, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00)),
                FrameError.BAD_HEADER);
    }

    @Test
    void decode_sourceZeroOrBroadcast_isBadHeader() {
        assertError(withCrc(bytes(0x01, 0x00, 0x00, 0x10, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00)),
                FrameError.BAD_HEADER);
        assertError(withCrc(bytes(0x01, 0x00, 0xFF, 0x10, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00)),
                FrameError.BAD_HEADER);
    }

    @Test
    void frame_rejectsWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> Frame.data(0x01, 0x10, 0, 0x0100, new byte[1025], true))
                .hasMessageContaining("1025");
        assertThatThrownBy(() -> Frame.data(0x01, 0xFF, 0, 0x0100, new byte[0], true))
                .hasMessageContaining("broadcast");
        assertThatThrownBy(() -> Frame.data(0x01, 0x10, 0x10000, 0x0100, new byte[0], true))
                .hasMessageContaining("sequence");
    }

    @Test
    void maximumPayload_roundTrips() {
        byte[] p = Bytes.run(0, Frame.MAX_PAYLOAD);
        Frame f = Frame.data(0x30, 0x01, 65535, 0x0301, p, true);
        byte[] wire = FrameCodec.encode(f);
        assertThat(wire.length).isLessThanOrEqualTo(FrameCodec.MAX_ENCODED + 2);
        byte[] raw = Cobs.decode(java.util.Arrays.copyOfRange(wire, 1, wire.length - 1));
        assertThat(FrameCodec.decode(raw, 0, raw.length)).isEqualTo(new ParseResult.Parsed(f));
    }

    private static byte[] withCrc(byte[] headerAndPayload) {
        byte[] out = java.util.Arrays.copyOf(headerAndPayload, headerAndPayload.length + 4);
        FrameCodec.putU32(out, headerAndPayload.length, Crc32c.of(headerAndPayload));
        return out;
    }

    private static void assertError(byte[] raw, FrameError expected) {
        assertThat(FrameCodec.decode(raw, 0, raw.length)).isInstanceOfSatisfying(
                ParseResult.Malformed.class, m -> assertThat(m.error()).as(m.detail()).isEqualTo(expected));
    }
}

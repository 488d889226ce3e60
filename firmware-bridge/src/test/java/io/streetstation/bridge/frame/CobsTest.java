package io.streetstation.bridge.frame;

import static io.streetstation.bridge.frame.Bytes.bytes;
import static io.streetstation.bridge.frame.Bytes.concat;
import static io.streetstation.bridge.frame.Bytes.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** COBS vectors of Cheshire &amp; Baker / the usual reference set, including 254-byte runs. */
class CobsTest {

    private static void assertVector(byte[] data, byte[] encoded) {
        assertThat(Cobs.encode(data)).as("encode").containsExactly(encoded);
        assertThat(Cobs.decode(encoded)).as("decode").containsExactly(data);
    }

    @Test
    void emptyInput_isOneCodeByte() {
        assertVector(bytes(), bytes(0x01));
    }

    @Test
    void singleZero_becomesTwoCodeBytes() {
        assertVector(bytes(0x00), bytes(0x01, 0x01));
    }

    @Test
    void twoZeros_becomeThreeCodeBytes() {
        assertVector(bytes(0x00, 0x00), bytes(0x01, 0x01, 0x01));
    }

    @Test
    void zeroInTheMiddle_splitsIntoTwoBlocks() {
        assertVector(bytes(0x11, 0x22, 0x00, 0x33),
                bytes(0x03, 0x11, 0x22,   // block of 2, implied zero
                        0x02, 0x33));     // last block of 1, no zero
    }

    @Test
    void noZeros_isOneBlock() {
        assertVector(bytes(0x11, 0x22, 0x33, 0x44), bytes(0x05, 0x11, 0x22, 0x33, 0x44));
    }

    @Test
    void trailingZeros_areEachACodeByte() {
        assertVector(bytes(0x11, 0x00, 0x00, 0x00), bytes(0x02, 0x11, 0x01, 0x01, 0x01));
    }

    @Test
    void run254NonZero_isOneFullBlockWithoutTrailingCode() {
        // 01..FE -> FF 01..FE
        assertVector(run(0x01, 254), concat(bytes(0xFF), run(0x01, 254)));
    }

    @Test
    void zeroThen254NonZero_startsWithAnEmptyBlock() {
        // 00 01..FE -> 01 FF 01..FE
        assertVector(concat(bytes(0x00), run(0x01, 254)), concat(bytes(0x01, 0xFF), run(0x01, 254)));
    }

    @Test
    void run255NonZero_spillsOneByteIntoASecondBlock() {
        // 01..FF -> FF 01..FE 02 FF
        assertVector(run(0x01, 255), concat(bytes(0xFF), run(0x01, 254), bytes(0x02, 0xFF)));
    }

    @Test
    void fullBlockFollowedByZero_keepsTheZeroAsAnEmptyBlock() {
        // 02..FF 00 -> FF 02..FF 01 01
        assertVector(concat(run(0x02, 254), bytes(0x00)),
                concat(bytes(0xFF), run(0x02, 254), bytes(0x01, 0x01)));
    }

    @Test
    void run253ThenZeroThenByte() {
        // 03..FF 00 01 -> FE 03..FF 02 01
        assertVector(concat(run(0x03, 253), bytes(0x00, 0x01)),
                concat(bytes(0xFE), run(0x03, 253), bytes(0x02, 0x01)));
    }

    @Test
    void decode_codeRunningPastTheEnd_isRejected() {
        assertThat(Cobs.decode(bytes(0x05, 0x11, 0x22), 0, 3, new byte[8], 0)).isEqualTo(-1);
        assertThatThrownBy(() -> Cobs.decode(bytes(0x05, 0x11))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_zeroByteInside_isRejected() {
        assertThat(Cobs.decode(bytes(0x03, 0x11, 0x00), 0, 3, new byte[8], 0)).isEqualTo(-1);
        assertThat(Cobs.decode(bytes(0x00), 0, 1, new byte[8], 0)).isEqualTo(-1);
    }

    @Test
    void maxEncodedLength_boundsTheLongestFrame() {
        assertThat(Cobs.maxEncodedLength(FrameCodec.MAX_FRAME)).isEqualTo(FrameCodec.MAX_ENCODED);
    }

    @Property(tries = 2000)
    void anyBytes_roundTrip_withoutZerosAndWithinBound(@ForAll @Size(max = 3000) byte[] data) {
        byte[] enc = Cobs.encode(data);
        assertThat(enc).doesNotContain((byte) 0);
        assertThat(enc.length).isLessThanOrEqualTo(Cobs.maxEncodedLength(data.length));
        assertThat(Cobs.decode(enc)).containsExactly(data);
    }
}

package io.streetstation.bridge.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32cTest {

    @Test
    void checkValue_123456789_isE3069283() {
        assertThat(Crc32c.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283);
    }

    @Test
    void rfc3720Vectors_zerosAndOnes() {
        // iSCSI (RFC 3720 B.4): 32 bytes of 0x00 -> 0x8A9136AA, 32 bytes of 0xFF -> 0x62A8AB43
        assertThat(Crc32c.of(new byte[32])).isEqualTo(0x8A9136AA);
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(Crc32c.of(ones)).isEqualTo(0x62A8AB43);
    }

    @Test
    void range_coversOnlyTheGivenBytes() {
        byte[] b = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc32c.of(b, 2, 9)).isEqualTo(0xE3069283);
    }
}

package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkFaultTest {

    @Test
    void noise_dropsAndCorruptsAtItsRates_repeatablyForASeed() {
        int dropped = 0;
        int spoiled = 0;
        ChunkFault noise = ChunkFault.noise(0.1, 0.2, new SplittableRandom(7));
        for (int i = 0; i < 10_000; i++) {
            byte[] out = noise.apply(new byte[] {1, 2, 3, 4});
            if (out == null) {
                dropped++;
            } else if (out[0] != 1 || out[1] != 2 || out[2] != 3 || out[3] != 4) {
                spoiled++;
                assertThat(out).hasSize(4);
            }
        }
        assertThat(dropped).isBetween(850, 1_150);
        assertThat(spoiled).isBetween(1_800, 2_200);

        ChunkFault again = ChunkFault.noise(0.1, 0.2, new SplittableRandom(7));
        ChunkFault same = ChunkFault.noise(0.1, 0.2, new SplittableRandom(7));
        for (int i = 0; i < 100; i++) {
            assertThat(again.apply(new byte[] {9, 9, 9})).isEqualTo(same.apply(new byte[] {9, 9, 9}));
        }
    }

    @Test
    void noNoise_isNone_andImpossibleRatesAreRefused() {
        assertThat(ChunkFault.noise(0, 0, new SplittableRandom(1))).isSameAs(ChunkFault.NONE);
        assertThatThrownBy(() -> ChunkFault.noise(0.6, 0.5, new SplittableRandom(1)))
                .hasMessageContaining("add up to at most 1");
        assertThatThrownBy(() -> ChunkFault.noise(-0.1, 0, new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The cached decoder produces exactly dronefleet's objects, for every message of the dialect. */
class MavCachedDecoderPropertyTest {

    @SuppressWarnings("rawtypes")
    private static final List<Class> TYPES = new ArdupilotmegaDialect().messageTypes();
    private final CachedPayloadDecoder cached = new CachedPayloadDecoder();
    private final ReflectivePayloadDecoder dronefleet = new ReflectivePayloadDecoder();

    @Property(tries = 40)
    void cachedDecoder_equalsDronefleet_forEveryMessage_withRandomPossiblyTruncatedPayloads(@ForAll long seed) {
        Random rnd = new Random(seed);
        for (Class<?> type : TYPES) {
            int id = MavFixtures.CATALOG.id(type);
            int full = MavFixtures.CATALOG.fullLength(id);
            byte[] payload = new byte[full + 8];
            rnd.nextBytes(payload);
            // full, truncated, empty and over-long payloads, at an offset inside a larger buffer
            int len = switch (rnd.nextInt(4)) {
                case 0 -> full;
                case 1 -> rnd.nextInt(full + 1);
                case 2 -> Math.min(1, full);
                default -> full + rnd.nextInt(8);
            };
            int off = rnd.nextInt(3);
            len = Math.min(len, payload.length - off);
            Object expected = dronefleet.decode(type, payload, off, len);
            Object actual = cached.decode(type, payload, off, len);
            assertThat(actual).as("%s len %d", type.getSimpleName(), len).isEqualTo(expected);
        }
    }

    @Property(tries = 20)
    void cachedDecoder_equalsDronefleet_onPayloadsOfAllOnes(@ForAll("unused") String ignored) {
        // extremes: every signed field negative, every unsigned at its maximum
        for (Class<?> type : TYPES) {
            int full = MavFixtures.CATALOG.fullLength(MavFixtures.CATALOG.id(type));
            byte[] payload = new byte[full];
            java.util.Arrays.fill(payload, (byte) 0xFF);
            assertThat(cached.decode(type, payload, 0, full)).isEqualTo(dronefleet.decode(type, payload, 0, full));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> unused() {
        return net.jqwik.api.Arbitraries.just("");
    }
}

package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Both directions between our codec and dronefleet's own MavlinkConnection, for every message. */
class MavCodecCrossCheckTest {

    @SuppressWarnings("rawtypes")
    private static final List<Class> TYPES = new ArdupilotmegaDialect().messageTypes();
    private final ReflectivePayloadDecoder dronefleet = new ReflectivePayloadDecoder();

    private List<Object> randomMessages(long seed) {
        Random rnd = new Random(seed);
        List<Object> out = new ArrayList<>();
        for (Class<?> type : TYPES) {
            byte[] payload = new byte[MavFixtures.CATALOG.fullLength(MavFixtures.CATALOG.id(type))];
            rnd.nextBytes(payload);
            // random bytes in char[] fields are not valid UTF-8 and do not survive a round trip in any
            // codec; clean them the way a sender would (printable ASCII, zero padded)
            Object m = dronefleet.decode(type, payload, 0, payload.length);
            if (m instanceof io.dronefleet.mavlink.minimal.Heartbeat) {
                // MavlinkConnection picks a system's dialect from HEARTBEAT.autopilot; a random autopilot
                // would make it drop every later ArduPilot-dialect message of this system
                out.add(MavGoldenFramesTest.copterHeartbeat());
                continue;
            }
            byte[] canonical = serializer.encode(m);
            Object again = dronefleet.decode(type, canonical, 0, canonical.length);
            if (again.equals(m)) {
                out.add(m);
            } else {
                out.add(withAsciiStrings(type, payload, rnd));
            }
        }
        return out;
    }

    private final ReflectivePayloadEncoder serializer = new ReflectivePayloadEncoder();

    private Object withAsciiStrings(Class<?> type, byte[] payload, Random rnd) {
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] < 0) {
                payload[i] = (byte) ('a' + rnd.nextInt(26));
            }
        }
        return dronefleet.decode(type, payload, 0, payload.length);
    }

    private MavlinkIngest ingestAll(List<InboundMessage<?>> sink) {
        MavlinkIngest ingest = new MavlinkIngest(MavFixtures.CATALOG, new CachedPayloadDecoder(), sink::add);
        for (Class<?> t : TYPES) {
            ingest.want(t);
        }
        return ingest;
    }

    @Property(tries = 15)
    void ourFrames_roundTripThroughOurParser_andThroughDronefleetsConnection(@ForAll long seed) throws IOException {
        List<Object> messages = randomMessages(seed);
        FrameEncoder enc = MavFixtures.encoder();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int seq = 0;
        for (Object m : messages) {
            wire.writeBytes(enc.v2(m, seq++ & 0xFF, 1, 1, null));
        }
        byte[] bytes = wire.toByteArray();

        List<InboundMessage<?>> ours = new ArrayList<>();
        ingestAll(ours).accept(bytes, 0, bytes.length);
        assertThat(ours.stream().<Object>map(InboundMessage::payload).toList()).containsExactlyElementsOf(messages);

        MavlinkConnection df = MavlinkConnection.builder(new ByteArrayInputStream(bytes), new ByteArrayOutputStream())
                .defaultDialect(new ArdupilotmegaDialect()).build();
        List<Object> theirs = new ArrayList<>();
        try {
            while (true) {
                MavlinkMessage<?> m = df.next();
                theirs.add(m.getPayload());
            }
        } catch (java.io.EOFException endOfInput) {
            // dronefleet signals the end of the stream this way
        }
        assertThat(theirs).containsExactlyElementsOf(messages);
    }

    @Property(tries = 15)
    void dronefleetsFrames_areAcceptedByOurParser(@ForAll long seed) throws IOException {
        List<Object> messages = randomMessages(seed);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        MavlinkConnection df = MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), wire);
        for (Object m : messages) {
            df.send2(1, 1, m);
        }
        byte[] bytes = wire.toByteArray();
        List<InboundMessage<?>> ours = new ArrayList<>();
        MavlinkIngest ingest = ingestAll(ours);
        ingest.accept(bytes, 0, bytes.length);
        assertThat(ours.stream().<Object>map(InboundMessage::payload).toList()).containsExactlyElementsOf(messages);
        assertThat(ingest.statistics().lostPackets()).isZero();
    }
}

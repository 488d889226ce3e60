package io.streetstation.hil.uplink;

import io.streetstation.agent.uplink.Bodies;
import io.streetstation.agent.uplink.MqttTransport;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.PahoTransport;
import io.streetstation.agent.uplink.TrafficClass;
import io.streetstation.agent.uplink.Uplink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** One station of the uplink tests: the production outbox and uplink to a broker, closed together. */
record UplinkStation(Outbox outbox, Uplink uplink) implements AutoCloseable {

    static final byte[] BIRTH = """
            {"agentVersion":"t","stationName":"t","devices":[],"outbox":{"depth":{},"oldestAgeS":0}}"""
            .getBytes(StandardCharsets.UTF_8);

    /** Uplink options: keep-alive 5 s, session expiry 1 h, backoff from 100 ms to {@code backoffMax}, plain TCP. */
    static Uplink.Options options(String station, Duration connectTimeout, Duration backoffMax, int inFlight) {
        return new Uplink.Options(station, Duration.ofSeconds(5), Duration.ofHours(1), connectTimeout,
                Duration.ofMillis(100), backoffMax, inFlight, Optional.empty(), Optional.empty(), null);
    }

    /** Opens the outbox at {@code outboxFile} and starts the uplink to {@code url}. */
    static UplinkStation start(String url, Path outboxFile, Uplink.Options options, LongSupplier sessions,
                               Consumer<MqttTransport.Incoming> commands, long seed) {
        Outbox outbox = Outbox.open(outboxFile, Outbox.Config.defaults(), Clock.systemUTC(), a -> { });
        Uplink uplink = Uplink.start(options, outbox, () -> new PahoTransport(url), sessions, () -> BIRTH, commands,
                Instant::now, new SplittableRandom(seed));
        return new UplinkStation(outbox, uplink);
    }

    /** Appends a station event whose message id (and text) is {@code id}. */
    CompletableFuture<Long> event(String id) {
        byte[] body = Bodies.bytes(Bodies.event("station", Bodies.Kind.STATE, Bodies.Severity.INFO, "test.tick", id));
        return outbox.append(Outbox.Message.of(id, TrafficClass.EVENT, Bodies.EVENT,
                uplink.topics().events("station"), false, body, Instant.now()));
    }

    @Override
    public void close() {
        uplink.close();
        outbox.close();
    }
}

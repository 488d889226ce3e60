package io.streetstation.bridge.frame;

import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.StationAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link FrameEndpoint}; every figure of PROTOCOL.md §3–4 is here, none in code.
 *
 * @param address this endpoint's address, 0x01..0xFE
 * @param identity what this endpoint announces in HELLO/HELLO_ACK (role, kind, boot id, ...)
 * @param greet peers greeted with HELLO whenever the link comes up: the expected devices for an
 *     agent, the agent (0x01) for a device
 * @param versionMin lowest protocol version spoken, 1..255
 * @param versionMax highest spoken, versionMin..255
 * @param ackTimeout wait for an ACK per attempt, 1 ms..60 s; size it for the baud rate (§3.3)
 * @param maxRetries retransmissions after the first attempt, 0..20
 * @param helloRetryInterval pause before greeting again after a HELLO got no answer, 1 ms..10 min
 * @param dedupeWindow remembered sequence numbers per peer and stream, 8..1024 (spec: 64)
 * @param maxInFlight unanswered frames per peer, 1..dedupeWindow/2
 */
public record EndpointConfig(int address, PeerIdentity identity, List<Integer> greet,
                             int versionMin, int versionMax, Duration ackTimeout, int maxRetries,
                             Duration helloRetryInterval, int dedupeWindow, int maxInFlight) {

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMillis(150);
    public static final int DEFAULT_RETRIES = 3;

    public EndpointConfig {
        range("address", address, 0x01, 0xFE);
        Objects.requireNonNull(identity, "identity");
        greet = List.copyOf(greet);
        greet.forEach(a -> range("greeted address", a, 0x01, 0xFE));
        range("version min", versionMin, 1, 255);
        range("version max", versionMax, versionMin, 255);
        positive("ack timeout", ackTimeout, Duration.ofSeconds(60));
        range("max retries", maxRetries, 0, 20);
        positive("hello retry interval", helloRetryInterval, Duration.ofMinutes(10));
        range("dedupe window", dedupeWindow, 8, 1024);
        range("max in flight", maxInFlight, 1, dedupeWindow / 2);
    }

    private static void range(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " " + v + " out of range " + min + ".." + max);
        }
    }

    private static void positive(String field, Duration d, Duration max) {
        if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " " + d + " out of range (0, " + max + "]");
        }
    }

    /** The agent (0x01), greeting {@code devices} on link up, with the defaults of the spec. */
    public static EndpointConfig agent(PeerIdentity identity, int... devices) {
        requireRole(identity, Role.AGENT);
        return new EndpointConfig(StationAddress.AGENT, identity,
                java.util.Arrays.stream(devices).boxed().toList(), 1, Frame.VERSION,
                DEFAULT_ACK_TIMEOUT, DEFAULT_RETRIES, Duration.ofSeconds(1), 64, 16);
    }

    /** A device (firmware or its simulator) at {@code address}, greeting the agent on boot. */
    public static EndpointConfig device(int address, PeerIdentity identity) {
        requireRole(identity, Role.DEVICE);
        return new EndpointConfig(address, identity, List.of(StationAddress.AGENT), 1,
                Frame.VERSION, DEFAULT_ACK_TIMEOUT, DEFAULT_RETRIES, Duration.ofSeconds(1), 64, 16);
    }

    private static void requireRole(PeerIdentity identity, Role role) {
        if (identity.role() != role) {
            throw new IllegalArgumentException("identity role " + identity.role() + ", expected " + role);
        }
    }

    public EndpointConfig withRetries(Duration timeout, int retries) {
        return new EndpointConfig(address, identity, greet, versionMin, versionMax, timeout, retries,
                helloRetryInterval, dedupeWindow, maxInFlight);
    }

    public EndpointConfig withVersions(int min, int max) {
        return new EndpointConfig(address, identity, greet, min, max, ackTimeout, maxRetries,
                helloRetryInterval, dedupeWindow, maxInFlight);
    }

    public EndpointConfig withIdentity(PeerIdentity id) {
        return new EndpointConfig(address, id, greet, versionMin, versionMax, ackTimeout, maxRetries,
                helloRetryInterval, dedupeWindow, maxInFlight);
    }

    public EndpointConfig withGreet(List<Integer> peers) {
        return new EndpointConfig(address, identity, peers, versionMin, versionMax, ackTimeout,
                maxRetries, helloRetryInterval, dedupeWindow, maxInFlight);
    }

    /**
     * ACK timeout for a baud rate (PROTOCOL.md §3.3): the longest frame and an ACK on the wire at
     * 10 bits per byte, plus bus turnaround and the peer's processing time, plus 30 % margin.
     */
    public static Duration ackTimeoutFor(int baud, Duration turnaround, Duration processing) {
        double wireS = (FrameCodec.MAX_ENCODED + 2 + 17) * 10.0 / baud;
        long nanos = (long) ((wireS * 1e9 + turnaround.toNanos() + processing.toNanos()) * 1.3);
        return Duration.ofNanos(nanos);
    }
}

package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.TlsMaterial;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.command.SignedCommandBuilder;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.central.ContractValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The station's uplink as deployed: {@code ssl://} to the broker's mutual-TLS listener with the
 * station's client certificate, plain TCP not allowed, the TLS settings read by the agent's own
 * configuration reader from PEM files a {@link io.streetstation.hil.broker.TestPki} made. Central's
 * view sits on the same broker's plain listener.
 *
 * <p>With the device CA's certificate the whole contract works over TLS: retained birth and ONLINE
 * status, telemetry, a signed command answered. With a certificate from a CA the broker does not
 * trust, or trusting a CA that did not issue the broker's certificate, the agent is refused in the
 * TLS handshake on every attempt, says so in its uplink statistics, central hears nothing from it,
 * and the rest of the station keeps running.
 *
 * <p>Every wait is on an outcome with a generous real-time bound; none asserts how fast.
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)   // a ping's 5 s command deadline is 0.5 s of real time at ×10; at ×60 a GC pause would time it out
@UplinkTls
class UplinkTlsScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Real time any single outcome may take on a loaded two-core CI box. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void deviceCaCertificate_connectsOverTls_andCarriesBirthStatusTelemetryAndASignedCommand(Station station)
            throws Exception {
        String id = station.agent().config().stationId();
        assertDeployedTlsConfig(station);
        Uplink uplink = station.agent().uplink().orElseThrow();
        awaitUplink(station, "uplink connected over TLS", Uplink.Statistics::connected);
        // central's view, subscribed before the agent started, gets them live; "connected" comes before they are sent
        station.await("birth and status at central", real(station, PATIENCE),
                () -> station.central().counts().getOrDefault("birth", 0L) >= 1
                        && station.central().counts().getOrDefault("status", 0L) >= 1);

        Queue<CentralView.Received> received = new ConcurrentLinkedQueue<>();
        // joins once they went out: what it gets first is what the broker retained
        try (CentralView view = CentralView.connect(station.brokerUrl(), "central-tls-" + System.nanoTime(),
                "stations/" + id + "/#", station.clock()::now, received::add)) {
            station.await("retained birth and ONLINE status", real(station, PATIENCE),
                    () -> find(received, r -> r.retained() && r.topic().endsWith("/station/birth")) != null
                            && find(received, r -> r.retained() && isOnline(r)) != null);
            station.await("telemetry", real(station, PATIENCE),
                    () -> find(received, r -> r.topicClass().equals("telemetry")) != null);

            SignedCommandBuilder ping = station.keys().signOperate(command(station, "ping"));
            byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            station.central().sendCommand(id, ping.json(), correlation, 0);
            station.await("ping answered accepted, then succeeded", real(station, PATIENCE),
                    () -> states(replies(received, correlation)).contains("succeeded"));

            assertThat(states(replies(received, correlation))).containsExactly("accepted", "succeeded");
            assertThat(replies(received, correlation))
                    .allSatisfy(b -> assertThat(b.path("commandId").asText()).isEqualTo(ping.field("id")));
        }
        List<CentralView.Received> all = List.copyOf(received);
        CentralView.Received birth = find(all, r -> r.retained() && r.topic().equals("stations/" + id + "/station/birth"));
        assertThat(body(birth).path("devices").size()).as("devices in the birth").isGreaterThan(0);
        CentralView.Received online = find(all, r -> r.retained() && isOnline(r));
        assertThat(body(online).path("session").asLong()).as("the ONLINE status names a session of this uplink")
                .isBetween(1L, uplink.statistics().session());
        ContractValidator contract = new ContractValidator();
        List<String> problems = new ArrayList<>();
        all.forEach(r -> problems.addAll(contract.problems(r)));
        assertThat(problems).as("contract violations among %d messages over TLS", all.size()).isEmpty();
    }

    @Test
    @UplinkTls(UplinkTls.Material.CLIENT_CA_NOT_TRUSTED_BY_BROKER)
    void clientCertificateFromACaTheBrokerDoesNotTrust_isRefused_andTheStationKeepsRunning(Station station) {
        assertDeployedTlsConfig(station);
        // the same CN as a good certificate: the refusal is about who issued it, not whose it says it is
        assertThat(commonName(station)).contains(station.agent().config().stationId());
        // the broker's alert, after it checked the certificate the agent presented
        assertRefusedInTheHandshake(station, "Received fatal alert");
    }

    @Test
    @UplinkTls(UplinkTls.Material.BROKER_CA_NOT_TRUSTED_BY_AGENT)
    void brokerCertificateFromACaTheAgentDoesNotTrust_isRefused_andTheStationKeepsRunning(Station station) {
        assertDeployedTlsConfig(station);
        // the agent's own check of the broker's certificate: "PKIX path validation failed", as the second
        // PKI's CA bears the device CA's name (an anchor is found, its signature does not match)
        assertRefusedInTheHandshake(station, "PKIX path");
    }

    /** The agent's configuration is a deployed station's: ssl:// by name, no plain TCP, a client certificate. */
    private static void assertDeployedTlsConfig(Station station) {
        UplinkSettings u = station.agent().config().uplink().orElseThrow();
        assertThat(u.broker()).startsWith("ssl://localhost:");
        assertThat(u.allowPlainTcp()).isFalse();
        assertThat(u.tls()).hasValueSatisfying(t -> assertThat(t.mutual()).isTrue());
        assertThat(station.brokerUrl()).as("central's view, on the plain listener").startsWith("tcp://");
    }

    /**
     * Attempt after attempt fails (the uplink keeps trying), one reported as a TLS handshake
     * failure saying {@code why} (refused by the TLS listener, not timed out: the broker is up and
     * answering); the agent never connects, central receives nothing at all for the station, and
     * the agent still hears its devices and keeps what it would send in its outbox.
     */
    private static void assertRefusedInTheHandshake(Station station, String why) {
        Uplink uplink = station.agent().uplink().orElseThrow();
        awaitUplink(station, "two refused connection attempts", s -> s.failedAttempts() >= 2);
        long failed = uplink.statistics().failedAttempts();
        awaitUplink(station, "yet another refused attempt: the uplink keeps trying", s -> s.failedAttempts() > failed);
        awaitUplink(station, "an attempt refused in the TLS handshake: " + why,
                s -> s.lastError().contains("SSLHandshakeException") && s.lastError().contains(why));

        Uplink.Statistics s = uplink.statistics();
        assertThat(s.connected()).as("%s", s).isFalse();
        assertThat(s.connectedSince()).as("never connected: %s", s).isNull();
        assertThat(s.published()).as("nothing published: %s", s).isZero();
        assertThat(station.central().connected()).as("central's view is on the same broker").isTrue();
        assertThat(station.central().total()).as("central received from the refused station: %s",
                station.central().counts()).isZero();

        station.await("the station still hears its devices", real(station, PATIENCE),
                () -> station.agent().health().stream().anyMatch(h -> h.status() == DeviceHealth.Status.ONLINE));
        Outbox outbox = station.agent().outbox().orElseThrow();
        station.await("telemetry kept for central in the outbox", real(station, PATIENCE), () -> outbox.total() > 0);
    }

    private static SignedCommandBuilder command(Station station, String name) {
        Instant now = station.clock().now();
        return CentralKeys.command(station.agent().config().stationId(), now, "station", name)
                .withExpiresAt(now.plus(Duration.ofMinutes(10)));
    }

    private static Optional<String> commonName(Station station) {
        return TlsMaterial.commonName(station.agent().config().uplink().orElseThrow().tls().orElseThrow().cert()
                .orElseThrow());
    }

    /** {@link Station#await} on the uplink's statistics, for {@link #PATIENCE}; a failure names the last ones. */
    private static void awaitUplink(Station station, String what, Predicate<Uplink.Statistics> condition) {
        Uplink uplink = station.agent().uplink().orElseThrow();
        try {
            station.await(what, real(station, PATIENCE), () -> condition.test(uplink.statistics()));
        } catch (AssertionError e) {
            throw new AssertionError(what + "; uplink statistics: " + uplink.statistics(), e);
        }
    }

    /** {@code real} of real time as the station time {@link Station#await} takes, at this run's speed. */
    private static Duration real(Station station, Duration real) {
        return station.realSlack(real);
    }

    private static boolean isOnline(CentralView.Received r) {
        return r.topic().endsWith("/station/status") && body(r).path("state").asText().equals("ONLINE");
    }

    private static CentralView.Received find(Iterable<CentralView.Received> received,
                                             Predicate<CentralView.Received> p) {
        for (CentralView.Received r : received) {
            if (p.test(r)) {
                return r;
            }
        }
        return null;
    }

    /** Reply bodies carrying {@code correlation}, in arrival order. */
    private static List<JsonNode> replies(Iterable<CentralView.Received> received, byte[] correlation) {
        List<JsonNode> out = new ArrayList<>();
        for (CentralView.Received r : received) {
            if (r.topicClass().equals("replies") && Arrays.equals(correlation, r.correlationData())) {
                out.add(body(r));
            }
        }
        return out;
    }

    private static List<String> states(List<JsonNode> replies) {
        return replies.stream().map(b -> b.path("state").asText()).toList();
    }

    private static JsonNode body(CentralView.Received r) {
        try {
            return JSON.readTree(r.payload()).path("body");
        } catch (IOException e) {
            throw new AssertionError(r.topic() + ": not JSON", e);
        }
    }
}

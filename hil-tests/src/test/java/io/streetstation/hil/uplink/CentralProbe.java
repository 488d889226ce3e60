package io.streetstation.hil.uplink;

import io.streetstation.hil.central.MessageCallback;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Central's side for the uplink tests: a QoS 1 subscriber to {@code stations/<id>/#} on a
 * persistent session (clean start off, one hour expiry), so nothing is lost while it or the
 * broker is away. Reconnects only when told ({@link #reconnect}), not with Paho's slow static
 * backoff. Keeps every envelope it received, duplicates included.
 */
final class CentralProbe implements AutoCloseable {

    /** One received copy of a message. */
    record Received(String topic, String id, long seq, long session, boolean historical, boolean retained, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String clientId;
    private final String filter;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile MqttClient client;

    CentralProbe(String url, String clientId, String station) {
        this.url = url;
        this.clientId = clientId;
        this.filter = "stations/" + station + "/#";
    }

    /** Connects (resuming the session if the broker has one), subscribing only on a new session. */
    CentralProbe connect() throws MqttException {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        c.setCallback(new MessageCallback((topic, m) -> {
            try {
                JsonNode e = JSON.readTree(m.getPayload());
                received.add(new Received(topic, e.path("id").asText(), e.path("seq").asLong(), e.path("session").asLong(),
                        e.path("historical").asBoolean(), m.isRetained(), e.path("body")));
            } catch (IOException ex) {
                throw new UncheckedIOException("central: not a JSON envelope on " + topic, ex);
            }
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setConnectionTimeout(2);
        o.setAutomaticReconnect(false);
        IMqttToken t = c.connectWithResult(o);
        if (!t.getSessionPresent()) {
            c.subscribe(filter, 1);
        }
        client = c;
        return this;
    }

    /** After a broker restart: a fresh client on the same session, retried until {@code within}. */
    void reconnect(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        closeClient();
        while (true) {
            try {
                connect();
                return;
            } catch (MqttException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("central could not reconnect within " + within + ": " + e, e);
                }
                Thread.sleep(200);
            }
        }
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    Set<String> ids() {
        return received.stream().map(Received::id).collect(Collectors.toSet());
    }

    List<Received> on(String topicSuffix) {
        return received.stream().filter(r -> r.topic().endsWith(topicSuffix)).toList();
    }

    /** Message id → the distinct seq values its copies carried (one each, if re-sends keep their seq). */
    Map<String, Set<Long>> seqsById() {
        return received.stream().collect(Collectors.groupingBy(Received::id,
                Collectors.mapping(Received::seq, Collectors.toSet())));
    }

    private void closeClient() {
        MqttClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 500, false);
            }
        } catch (MqttException e) {
            // going anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // going anyway
        }
    }

    @Override
    public void close() {
        closeClient();
    }
}

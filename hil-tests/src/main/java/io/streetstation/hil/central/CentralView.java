package io.streetstation.hil.central;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.streetstation.agent.uplink.SocketFactories;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * What central command receives from stations: an MQTT 5 subscriber on the broker, as central's
 * platform would be, that counts messages per topic class and hands each one to its listeners
 * (the scenarios' timelines) for the demo's console view and the station-day reports. Paho's
 * callback only queues; listeners run on it but must not block or call back into MQTT.
 */
public final class CentralView implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("central");

    /** One message as central received it; {@code at} is station time when a clock is given. */
    public record Received(Instant at, String topic, String topicClass, boolean retained, byte[] payload,
                           byte[] correlationData) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The payload shortened to {@code max} characters for a console line. */
        public String preview(int max) {
            String t = text().replaceAll("\\s+", " ");
            return t.length() <= max ? t : t.substring(0, max - 1) + "…";
        }
    }

    private final MqttClient client;
    private final String filter;
    private final Supplier<Instant> clock;
    private final Map<String, AtomicLong> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong total = new AtomicLong();

    private CentralView(MqttClient client, String filter, Supplier<Instant> clock) {
        this.client = client;
        this.filter = filter;
        this.clock = clock;
    }

    /**
     * Connects to {@code brokerUrl} as {@code clientId} and subscribes to {@code filter} (for
     * example {@code stations/#}) at QoS 1. Paho reconnects by itself after a first connect.
     */
    public static CentralView connect(String brokerUrl, String clientId, String filter, Supplier<Instant> clock)
            throws MqttException {
        return connect(brokerUrl, clientId, filter, clock, r -> { });
    }

    /**
     * {@link #connect(String, String, String, Supplier)} with {@code listener} registered before
     * subscribing: the retained messages the broker delivers right after the SUBACK reach it too
     * (added afterwards, it could miss them).
     */
    public static CentralView connect(String brokerUrl, String clientId, String filter, Supplier<Instant> clock,
                                      Consumer<Received> listener) throws MqttException {
        MqttClient c = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        CentralView view = new CentralView(c, filter, clock);
        view.addListener(listener);
        c.setCallback(view.callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        // a persistent session: what the station publishes while central reconnects waits at the broker
        o.setCleanStart(false);
        o.setSessionExpiryInterval(120L);   // short: a closed view's queue must not outlive the test by long
        o.setAutomaticReconnect(true);
        o.setConnectionTimeout(10);
        if (brokerUrl.startsWith("tcp://")) {
            // Nagle off, as the station has it: otherwise a command waits behind a PUBACK for the broker's delayed ACK
            o.setSocketFactory(SocketFactories.noDelay());
        }
        c.connect(o);
        c.subscribe(filter, 1);
        LOG.info("central view subscribed to {} on {}", filter, brokerUrl);
        return view;
    }

    /** {@code stations/<id>/<device>/telemetry} → {@code telemetry}: the last topic level names the class. */
    public static String topicClass(String topic) {
        int slash = topic.lastIndexOf('/');
        return slash < 0 ? topic : topic.substring(slash + 1);
    }

    /**
     * Publishes a command to {@code commands/<station>} at QoS 1 with the station's reply topic as
     * MQTT 5 response topic, {@code correlation} as correlation data and, if positive, a message expiry.
     */
    public void sendCommand(String station, byte[] json, byte[] correlation, long expirySeconds) throws MqttException {
        MqttMessage m = new MqttMessage(json, 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic("stations/" + station + "/station/replies");
        if (correlation != null) {
            p.setCorrelationData(correlation);
        }
        if (expirySeconds > 0) {
            p.setMessageExpiryInterval(expirySeconds);
        }
        p.setContentType("application/json");
        m.setProperties(p);
        // Paho v5 refuses a publish while it counts the broker's receive maximum in flight (32202),
        // which a burst of commands can reach before the PUBACKs are processed: wait and try again
        for (int attempt = 1; ; attempt++) {
            try {
                client.publish("commands/" + station, m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt == 50) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public void addListener(Consumer<Received> listener) {
        listeners.add(listener);
    }

    public long total() {
        return total.get();
    }

    /** Messages received per topic class, sorted by class. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** One line for the console view. */
    public String summary() {
        if (total.get() == 0) {
            return "central: nothing received on " + filter + " yet";
        }
        StringBuilder b = new StringBuilder("central: ").append(total.get()).append(" messages");
        counts().forEach((k, v) -> b.append(String.format(Locale.ROOT, " | %s %d", k, v)));
        return b.toString();
    }

    private void received(String topic, MqttMessage m) {
        Received r = new Received(clock.get(), topic, topicClass(topic), m.isRetained(), m.getPayload(),
                m.getProperties() == null ? null : m.getProperties().getCorrelationData());
        total.incrementAndGet();
        counts.computeIfAbsent(r.topicClass(), k -> new AtomicLong()).incrementAndGet();
        for (Consumer<Received> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.warn("central view listener failed on {}: {}", topic, e.toString());
            }
        }
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                LOG.info("central view disconnected: {}", r.getReasonString());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                LOG.warn("central view: {}", e.toString());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    // clean start: subscriptions do not survive; never call Paho from its own callback thread
                    Thread.ofVirtual().name("central-resubscribe").start(() -> {
                        try {
                            client.subscribe(filter, 1);
                        } catch (MqttException e) {
                            LOG.warn("central view resubscribe: {}", e.toString());
                        }
                    });
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        };
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000);
            }
        } catch (MqttException e) {
            LOG.debug("central view disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("central view close: {}", e.toString());
        }
    }
}

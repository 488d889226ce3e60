package io.streetstation.agent.uplink;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * {@link MqttTransport} on Eclipse Paho's MQTT v5 client 1.2.5, set up to stay clear of its traps:
 * automatic reconnect off (it never starts if the first connect fails, and its delays are
 * ignored) — the {@link Uplink} supervises instead and makes a new transport per attempt; memory
 * persistence only (durability is the {@link Outbox}'s job; Paho's file store is wiped by a clean
 * start and its failures are only logged); manual acknowledgements, so a command is acknowledged
 * only once it is journalled; Nagle off ({@link SocketFactories#noDelay()}); every callback only hands over
 * to the listener.
 */
public final class PahoTransport implements MqttTransport {

    private static final TaggedLogger LOG = Logger.tag("uplink");
    /** Seconds the broker waits before publishing the will: OFFLINE is announced this much later. */
    static final long WILL_DELAY_S = 5;

    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile MqttAsyncClient client;

    public PahoTransport(String url) {
        this.url = url;
    }

    @Override
    public CompletableFuture<Connected> connect(ConnectSpec spec, Listener listener) {
        CompletableFuture<Connected> done = new CompletableFuture<>();
        try {
            MqttAsyncClient c = new MqttAsyncClient(url, spec.clientId(), new MemoryPersistence());
            client = c;
            c.setManualAcks(true);
            c.setCallback(new Callbacks(listener));
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(spec.cleanStart());
            o.setSessionExpiryInterval(spec.sessionExpiry().toSeconds());
            o.setKeepAliveInterval((int) spec.keepAlive().toSeconds());
            o.setConnectionTimeout((int) Math.max(1, spec.timeout().toSeconds()));
            o.setAutomaticReconnect(false);
            o.setReceiveMaximum(100);
            spec.username().ifPresent(o::setUserName);
            spec.password().ifPresent(o::setPassword);
            if (spec.ssl() != null) {
                o.setSocketFactory(SocketFactories.noDelay(spec.ssl()));
                o.setHttpsHostnameVerificationEnabled(true);
            } else {
                o.setSocketFactory(SocketFactories.noDelay());
            }
            MqttMessage will = new MqttMessage(spec.will().payload(), 1, spec.will().retained(), null);
            o.setWill(spec.will().topic(), will);
            MqttProperties willProperties = json();
            // a new connection within this delay suppresses the old one's will (MQTT 5 §3.1.3.2.2):
            // without it a broker taking over a half-open connection may publish that OFFLINE after
            // the new connection's ONLINE, and the retained status would say OFFLINE while online
            willProperties.setWillDelayInterval(WILL_DELAY_S);
            o.setWillMessageProperties(willProperties);
            c.connect(o, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    MqttProperties p = token.getResponseProperties();
                    Integer max = p == null ? null : p.getReceiveMaximum();
                    done.complete(new Connected(token.getSessionPresent(), max == null ? 65_535 : max));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null,
                    answered(done, "subscription to " + filter), new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> publish(Outgoing m) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            MqttMessage msg = new MqttMessage(m.payload(), m.qos(), m.retained(), null);
            MqttProperties p = json();
            if (m.expiry() != null) {
                p.setMessageExpiryInterval(Math.max(1, m.expiry().toSeconds()));
            }
            if (m.correlationData() != null) {
                p.setCorrelationData(m.correlationData());
            }
            msg.setProperties(p);
            client.publish(m.topic(), msg, null, answered(done, "publish to " + m.topic()));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** UTF-8 JSON payload properties, as every message of the contract has. */
    private static MqttProperties json() {
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true);
        p.setContentType("application/json");
        return p;
    }

    /**
     * Completes {@code done} with the SUBACK's or PUBACK's answer: a failure reason code (≥ 0x80)
     * is a {@link RefusedException}, anything else that came back is success.
     */
    private static MqttActionListener answered(CompletableFuture<Void> done, String what) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    done.completeExceptionally(new RefusedException(what, codes[0]));
                } else {
                    done.complete(null);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                done.completeExceptionally(e);
            }
        };
    }

    @Override
    public void ack(Incoming m) {
        if (m.qos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(m.messageId(), m.qos());
        } catch (MqttException | RuntimeException e) {
            // the connection went: the broker redelivers it on the next session, the journal answers it
            LOG.debug("ack of message {} on {}: {}", m.messageId(), m.topic(), e.toString());
        }
    }

    @Override
    public void disconnect(Duration timeout) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        try {
            c.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis() + 500);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("disconnect: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            // also while still connecting: Paho's close() refuses a connect in progress (32110), and its
            // receiver, sender and callback threads would wait on a silent peer forever
            c.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("forced disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("close: {}", e.toString());
        }
    }

    /** Paho's callbacks: each only hands over. */
    private record Callbacks(Listener listener) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            listener.connectionLost(r.getException() != null ? r.getException().toString()
                    : "broker disconnected: reason 0x" + Integer.toHexString(r.getReturnCode())
                            + (r.getReasonString() == null ? "" : " " + r.getReasonString()));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT error: {}", e.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            MqttProperties p = m.getProperties();
            listener.received(new Incoming(topic, m.getPayload(), m.getQos(), m.getId(), m.isDuplicate(),
                    p == null ? null : p.getResponseTopic(), p == null ? null : p.getCorrelationData(),
                    p == null ? null : p.getMessageExpiryInterval()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish futures complete through their action listeners
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // the connect future says it
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            LOG.warn("unexpected AUTH packet, reason 0x{}", Integer.toHexString(reasonCode));
        }
    }
}

package io.streetstation.agent.uplink;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocketFactory;

/**
 * One MQTT 5 connection, as the uplink needs it and no more. An instance serves exactly one
 * connection attempt and what follows it; after a failure or a loss it is closed and thrown away,
 * and the next attempt gets a fresh one (Paho's clients leak threads and get stuck when reused).
 *
 * <p>Callbacks on the {@link Listener} come from the client library's threads: implementations
 * of the listener only hand work over (queue it) and never call back into the transport.
 */
public interface MqttTransport extends AutoCloseable {

    /** The message the broker publishes for us when the connection is lost without a DISCONNECT. */
    record Will(String topic, byte[] payload, boolean retained) {
    }

    /**
     * @param clientId the station id
     * @param cleanStart false: resume the broker-side session (queued commands survive)
     * @param sessionExpiry how long the broker keeps the session after a loss
     * @param will the death message
     * @param ssl TLS socket factory, or null for plain TCP
     */
    record ConnectSpec(String clientId, boolean cleanStart, Duration sessionExpiry, Duration keepAlive,
                       Duration timeout, Will will, Optional<String> username, Optional<byte[]> password,
                       SSLSocketFactory ssl) {
    }

    /**
     * @param sessionPresent the broker resumed an earlier session
     * @param receiveMaximum QoS 1 publishes the broker accepts in flight at once
     */
    record Connected(boolean sessionPresent, int receiveMaximum) {
    }

    /**
     * A message to publish.
     *
     * @param expiry MQTT 5 message expiry, or null for none
     * @param correlationData MQTT 5 correlation data (replies), or null
     */
    record Outgoing(String topic, byte[] payload, int qos, boolean retained, Duration expiry, byte[] correlationData) {
    }

    /**
     * A message the broker delivered. With QoS 1 it stays unacknowledged (the broker redelivers it
     * after a loss) until {@link #ack(Incoming)}.
     *
     * @param messageId the packet id, for the manual acknowledgement
     * @param responseTopic MQTT 5 response topic, or null
     * @param correlationData MQTT 5 correlation data, or null
     * @param expirySeconds the remaining MQTT 5 message expiry the broker forwarded, or null
     */
    record Incoming(String topic, byte[] payload, int qos, int messageId, boolean duplicate, String responseTopic,
                    byte[] correlationData, Long expirySeconds) {
    }

    /** What the connection reports, from the client library's threads. Must not block or call back. */
    interface Listener {
        void connectionLost(String cause);

        void received(Incoming message);
    }

    /** A PUBACK or SUBACK with a failure reason code (not authorised, topic invalid, quota ...). */
    final class RefusedException extends Exception {
        private final int reasonCode;

        public RefusedException(String what, int reasonCode) {
            super(what + " refused by the broker, reason code 0x" + Integer.toHexString(reasonCode));
            this.reasonCode = reasonCode;
        }

        public int reasonCode() {
            return reasonCode;
        }
    }

    /** Connects; completes with the CONNACK's facts or fails (refused, timed out, unreachable). */
    CompletableFuture<Connected> connect(ConnectSpec spec, Listener listener);

    /** Subscribes at QoS 1; fails with {@link RefusedException} if the broker refuses the filter. */
    CompletableFuture<Void> subscribe(String filter);

    /**
     * Publishes; completes when the broker took it (PUBACK for QoS 1, written for QoS 0) or fails:
     * {@link RefusedException} when the PUBACK carries a failure reason code, anything else when
     * the connection went.
     */
    CompletableFuture<Void> publish(Outgoing message);

    /** Acknowledges a QoS 1 message once it has been handled durably. */
    void ack(Incoming message);

    /** A clean DISCONNECT (the broker drops the will), waiting at most {@code timeout}. */
    void disconnect(Duration timeout);

    /** Drops the connection without ceremony and frees every thread; never throws. Idempotent. */
    @Override
    void close();
}

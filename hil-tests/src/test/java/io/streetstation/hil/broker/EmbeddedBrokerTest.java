package io.streetstation.hil.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.hil.central.MessageCallback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test broker is a real MQTT 5 broker over TCP, and a persistent one keeps sessions across restarts. */
class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    private static MqttClient client(EmbeddedBroker broker, String id, BlockingQueue<String> inbox, boolean cleanStart)
            throws MqttException {
        MqttClient c = new MqttClient(broker.url(), id, new MemoryPersistence());
        c.setCallback(new MessageCallback((topic, m) ->
                inbox.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8))));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(3600L);
        c.connect(o);
        return c;
    }

    @Test
    void qos1_roundTrip_overTcp_andAPersistentSessionSurvivesABrokerRestart() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir).persistentSessions())) {
            assertThat(broker.url()).startsWith("tcp://127.0.0.1:");
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            MqttClient central = client(broker, "central", inbox, true);
            central.subscribe("stations/+/events", 1);
            MqttClient station = client(broker, "ST-001", new LinkedBlockingQueue<>(), true);
            station.publish("stations/ST-001/events", "roof open".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("stations/ST-001/events roof open");

            // central goes away with its session; the station goes on publishing; the broker restarts
            central.disconnect();
            central.close();
            station.publish("stations/ST-001/events", "bay 2 charging".getBytes(StandardCharsets.UTF_8), 1, false);
            station.disconnectForcibly(1000);
            station.close();
            broker.stop();
            assertThat(broker.running()).isFalse();
            broker.start();

            // QoS 1 is at least once: the broker may re-deliver "roof open" if central's PUBACK for it was
            // still in flight when the session was stored; what must come is the message queued while away
            MqttClient back = client(broker, "central", inbox, false);
            List<String> afterRestart = new ArrayList<>();
            String m;
            while ((m = inbox.poll(10, TimeUnit.SECONDS)) != null) {
                afterRestart.add(m);
                if (m.endsWith("bay 2 charging")) {
                    break;
                }
            }
            assertThat(afterRestart).endsWith("stations/ST-001/events bay 2 charging");
            assertThat(afterRestart).allMatch(s -> s.equals("stations/ST-001/events bay 2 charging")
                    || s.equals("stations/ST-001/events roof open"));
            back.disconnect();
            back.close();
        }
    }
}

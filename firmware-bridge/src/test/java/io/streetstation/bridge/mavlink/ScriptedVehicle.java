package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.link.LinkListener;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.MemoryLink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The far end of a {@link MemoryLink} or a virtual serial cable: a vehicle that speaks through dronefleet's own
 * {@link MavlinkConnection} on piped streams (so the other codec is exercised) and answers what it
 * receives with a replaceable script.
 */
final class ScriptedVehicle implements AutoCloseable {

    final int systemId;
    final int componentId;
    final List<MavlinkMessage<?>> received = new CopyOnWriteArrayList<>();
    private final Link link;
    private final PipedOutputStream pipeIn = new PipedOutputStream();
    private final MavlinkConnection connection;
    private final Thread reader;
    private volatile Function<Object, List<Object>> script = m -> List.of();

    ScriptedVehicle(Link link, int systemId, int componentId) throws IOException {
        this.link = link;
        this.systemId = systemId;
        this.componentId = componentId;
        PipedInputStream in = new PipedInputStream(pipeIn, 1 << 16);
        OutputStream toLink = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    link.write(b, off, len);
                } catch (LinkDownException e) {
                    throw new IOException(e);
                }
            }
        };
        connection = MavlinkConnection.builder(new BufferedInputStream(in), toLink)
                .defaultDialect(new ArdupilotmegaDialect()).build();
        link.start(new LinkListener() {
            @Override
            public void onBytes(byte[] buffer, int off, int len) {
                try {
                    pipeIn.write(buffer, off, len);
                    pipeIn.flush();
                } catch (IOException e) {
                    // vehicle closed
                }
            }
        });
        reader = Thread.ofPlatform().name("vehicle-" + systemId).daemon().start(this::readLoop);
    }

    /** Replaces how the vehicle answers: payload in, replies out (in order). */
    void script(Function<Object, List<Object>> s) {
        this.script = s;
    }

    private void readLoop() {
        try {
            while (true) {
                MavlinkMessage<?> m = connection.next();
                if (m == null) {
                    continue;
                }
                received.add(m);
                for (Object reply : script.apply(m.getPayload())) {
                    send(reply);
                }
            }
        } catch (IOException | RuntimeException e) {
            // pipe closed: the test is over
        }
    }

    synchronized void send(Object message) {
        try {
            connection.send2(systemId, componentId, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void heartbeat(MavAutopilot autopilot) {
        send(Heartbeat.builder().type(MavType.MAV_TYPE_QUADROTOR).autopilot(autopilot).customMode(4)
                .systemStatus(MavState.MAV_STATE_STANDBY).mavlinkVersion(3).build());
    }

    void raw(byte[] bytes) throws LinkDownException {
        link.write(bytes);
    }

    <T> List<T> received(Class<T> type) {
        return received.stream().map(MavlinkMessage::getPayload).filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() throws IOException {
        pipeIn.close();
        link.close();
        reader.interrupt();
    }
}

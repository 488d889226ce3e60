package io.streetstation.hil.rig;

import io.streetstation.bridge.frame.EndpointConfig;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;

/**
 * Frame-protocol settings of the simulated bus devices. Their ACK timeout is the firmware's
 * (150 ms of station time) but never less than {@link #REAL_FLOOR} of real time: on an
 * accelerated clock the firmware's timeout shrinks (1.25 ms at ×120) while the agent's disk does
 * not, and the agent ACKs a capture's last chunk and a DEVICE_EVENT only once its outbox commit
 * has returned. Without the floor a single slow sync at ×120 made a camera give up a capture the
 * agent was about to take. Real firmware at ×1 keeps its own timeout.
 */
final class SimEndpoints {

    /** The shortest real time a simulated device waits for an ACK before it sends again. */
    static final Duration REAL_FLOOR = Duration.ofMillis(40);

    private SimEndpoints() {
    }

    static EndpointConfig device(int address, PeerIdentity identity, StationClock clock) {
        EndpointConfig c = EndpointConfig.device(address, identity);
        Duration floor = Duration.ofNanos(Math.round(REAL_FLOOR.toNanos() * Math.max(1.0, clock.speed())));
        return c.ackTimeout().compareTo(floor) >= 0 ? c : c.withRetries(floor, c.maxRetries());
    }
}

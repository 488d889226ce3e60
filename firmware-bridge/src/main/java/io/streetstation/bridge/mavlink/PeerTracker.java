package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.minimal.Heartbeat;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Tracks every remote (sysid, compid) on the link by its heartbeats:
 * <pre>
 *   UNKNOWN ──HB──► CONNECTED ──no HB for the timeout──► LOST ──HB──► CONNECTED
 * </pre>
 * State changes go to listeners on the endpoint's dispatch thread. A per-peer timer (station
 * clock) is restarted by each heartbeat; its expiry re-enters as an event.
 */
public final class PeerTracker {

    private static final TaggedLogger LOG = Logger.tag("mavlink");

    private final Dispatcher dispatcher;
    private final StationClock clock;
    private final Duration timeout;
    private final ComponentId self;
    private final Map<ComponentId, Peer> peers = new ConcurrentHashMap<>();
    private final Map<ComponentId, StationClock.Timer> timers = new HashMap<>();
    private final Map<ComponentId, Long> generations = new HashMap<>();
    private final List<Consumer<PeerChange>> listeners = new CopyOnWriteArrayList<>();

    PeerTracker(Dispatcher dispatcher, StationClock clock, Duration timeout, ComponentId self) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.timeout = timeout;
        this.self = self;
    }

    /** Called on the dispatch thread for every state change. */
    public void addListener(Consumer<PeerChange> listener) {
        listeners.add(listener);
    }

    public List<Peer> all() {
        return List.copyOf(peers.values());
    }

    public Optional<Peer> get(ComponentId id) {
        return Optional.ofNullable(peers.get(id));
    }

    /** Current state; UNKNOWN for never-heard components. */
    public PeerState state(ComponentId id) {
        Peer p = peers.get(id);
        return p == null ? PeerState.UNKNOWN : p.state();
    }

    // ---- dispatch thread only

    private sealed interface Event permits HeartbeatSeen, HeartbeatTimedOut {
    }

    private record HeartbeatSeen(Heartbeat heartbeat) implements Event {
    }

    private record HeartbeatTimedOut(long generation) implements Event {
    }

    private record Step(PeerState state, Event event) {
    }

    void onHeartbeat(ComponentId id, Heartbeat hb) {
        if (!id.equals(self)) {
            fire(id, new HeartbeatSeen(hb));
        }
    }

    private void fire(ComponentId id, Event event) {
        PeerState state = state(id);
        Peer before = peers.get(id);
        switch (new Step(state, event)) {
            case Step(PeerState s, HeartbeatSeen h) when s == PeerState.UNKNOWN || s == PeerState.LOST -> {
                Peer now = new Peer(id, PeerState.CONNECTED, h.heartbeat(), clock.now());
                peers.put(id, now);
                restartTimer(id);
                publish(new PeerChange(s, PeerState.CONNECTED, now));
            }
            case Step(PeerState s, HeartbeatSeen h) when s == PeerState.CONNECTED -> {
                peers.put(id, new Peer(id, PeerState.CONNECTED, h.heartbeat(), clock.now()));
                restartTimer(id);
            }
            case Step(PeerState s, HeartbeatTimedOut t)
                    when s == PeerState.CONNECTED && t.generation() == generations.get(id) -> {
                Peer now = new Peer(id, PeerState.LOST, before.heartbeat(), before.lastSeen());
                peers.put(id, now);
                publish(new PeerChange(PeerState.CONNECTED, PeerState.LOST, now));
            }
            default -> LOG.debug("peer {}: {} ignored in {}", id, event, state);
        }
    }

    private void restartTimer(ComponentId id) {
        StationClock.Timer old = timers.get(id);
        if (old != null) {
            old.cancel();
        }
        long generation = generations.merge(id, 1L, Long::sum);
        timers.put(id, clock.schedule(timeout, () -> dispatcher.post(() -> fire(id, new HeartbeatTimedOut(generation)))));
    }

    private void publish(PeerChange change) {
        LOG.info("peer {}: {} -> {} (type {}, autopilot {})", change.peer().id(), change.from(), change.to(),
                change.peer().heartbeat().type(), change.peer().heartbeat().autopilot());
        for (Consumer<PeerChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.error(e, "peer listener failed: {}", e.toString());
            }
        }
    }

    void close() {
        timers.values().forEach(StationClock.Timer::cancel);
    }
}

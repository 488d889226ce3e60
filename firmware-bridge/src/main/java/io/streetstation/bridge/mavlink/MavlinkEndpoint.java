package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequest;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.link.LinkListener;
import io.streetstation.bridge.link.LinkStatus;
import io.streetstation.bridge.time.StationClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A MAVLink 2 endpoint over one {@link Link}: our GCS component on that link.
 *
 * <p>Threads: the link's reader thread runs only the ingest path (parse, CRC, signing checks,
 * filter, decode) and enqueues decoded messages; the endpoint's own dispatch thread
 * ({@code mavlink-<link>}) runs everything else — subscriber handlers, the peer tracker, the
 * command and mission state machines, timer expiries and the 1 Hz heartbeat. So handlers never
 * block the link, state machines have a single writer, and a stuck dispatch thread also stops our
 * heartbeat (as the spec asks). Futures returned by {@link #commands()} and {@link #missions()}
 * complete on the dispatch thread: do not block in their callbacks.
 *
 * <p>The endpoint owns the link from {@link #start} to {@link #close}.
 */
@SuppressWarnings("deprecation") // COMMAND_CANCEL, MISSION_REQUEST and MISSION_ITEM: the spec asks us to support them
public final class MavlinkEndpoint implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("mavlink");

    private final Link link;
    private final StationClock clock;
    private final MavlinkConfig config;
    private final ComponentId self;
    private final MessageCatalog catalog;
    private final Dispatcher dispatcher;
    private final MavlinkIngest ingest;
    private final MavlinkSender sender;
    private final PeerTracker peers;
    private final CommandService commands;
    private final MissionService missions;
    private final Map<Class<?>, List<Consumer<InboundMessage<?>>>> handlers = new ConcurrentHashMap<>();
    private volatile StationClock.Timer heartbeatTimer;
    private volatile Supplier<Heartbeat> ownHeartbeat;
    private volatile boolean closed;

    private MavlinkEndpoint(Link link, StationClock clock, MavlinkConfig config) {
        this.link = link;
        this.clock = clock;
        this.config = config;
        this.self = new ComponentId(config.systemId(), config.componentId());
        this.catalog = new MessageCatalog(config.dialect());
        this.dispatcher = new Dispatcher(link.name());
        SigningClock signingClock = new SigningClock(clock);
        this.ingest = new MavlinkIngest(catalog, config.decoder(), m -> dispatcher.post(() -> route(m)),
                config.signing(), signingClock, link.counters());
        this.sender = new MavlinkSender(link, new FrameEncoder(catalog, new ReflectivePayloadEncoder()),
                config.systemId(), config.componentId(), config.signing(), signingClock);
        Outbox outbox = message -> {
            try {
                sender.send(message);
                return true;
            } catch (LinkDownException e) {
                return false;
            }
        };
        this.peers = new PeerTracker(dispatcher, clock, config.peerTimeout(), self);
        this.commands = new CommandService(dispatcher, clock, outbox, self, config);
        this.missions = new MissionService(dispatcher, clock, outbox, self, peers, config);
        for (Class<?> t : List.of(Heartbeat.class, CommandAck.class, MissionRequestInt.class, MissionRequest.class,
                MissionItemInt.class, io.dronefleet.mavlink.common.MissionItem.class, MissionCount.class,
                MissionAck.class)) {
            ingest.want(t);
        }
    }

    /** Creates a ground-station endpoint, starts the link and the 1 Hz GCS heartbeat. */
    public static MavlinkEndpoint start(Link link, StationClock clock, MavlinkConfig config) {
        return start(link, clock, config, MavlinkEndpoint::gcsHeartbeat);
    }

    /**
     * Creates an endpoint that announces itself with {@code ownHeartbeat} (asked for at every
     * period, so it can carry the current mode and state; null means stay silent this period, as a
     * powered-off or booting vehicle does): the simulated vehicles of the virtual rig speak
     * through the same code as the agent.
     */
    public static MavlinkEndpoint start(Link link, StationClock clock, MavlinkConfig config,
                                        Supplier<Heartbeat> ownHeartbeat) {
        MavlinkEndpoint e = new MavlinkEndpoint(link, clock, config);
        e.ownHeartbeat = ownHeartbeat;
        e.dispatcher.start();
        link.start(new LinkListener() {
            @Override
            public void onBytes(byte[] buffer, int off, int len) {
                e.ingest.accept(buffer, off, len);
            }

            @Override
            public void onStatus(LinkStatus status) {
                LOG.info("link {}: {} ({})", status.link(), status.state(), status.detail());
            }
        });
        e.heartbeatTimer = clock.scheduleAtFixedRate(java.time.Duration.ZERO, config.heartbeatPeriod(),
                () -> e.dispatcher.post(e::sendHeartbeat));
        LOG.info("mavlink endpoint {} on link {} started{}", e.self, link.name(),
                config.signing() != null ? " (signed)" : "");
        return e;
    }

    /** Our own address. */
    public ComponentId self() {
        return self;
    }

    /**
     * Delivers every accepted message of {@code type} to {@code handler} on the dispatch thread.
     * Only subscribed types are decoded at all.
     */
    @SuppressWarnings("unchecked")
    public <T> AutoCloseable subscribe(Class<T> type, Consumer<InboundMessage<T>> handler) {
        ingest.want(type);
        Consumer<InboundMessage<?>> h = m -> handler.accept((InboundMessage<T>) m);
        handlers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(h);
        return () -> handlers.getOrDefault(type, List.of()).remove(h);
    }

    /** Sends any dialect message as MAVLink 2 (signed on a signed link). Thread-safe. */
    public void send(Object message) throws LinkDownException {
        sender.send(message);
    }

    /** MAVLink 1, for legacy links only; refuses message ids above 255. */
    public void sendV1(Object message) throws LinkDownException {
        sender.sendV1(message);
    }

    public CommandService commands() {
        return commands;
    }

    public MissionService missions() {
        return missions;
    }

    public PeerTracker peers() {
        return peers;
    }

    public MavlinkStatistics statistics() {
        return ingest.statistics(sender.framesOut(), sender.sendErrors());
    }

    private void sendHeartbeat() {
        if (closed) {
            return;
        }
        try {
            Heartbeat hb = ownHeartbeat.get();
            if (hb != null) {
                sender.send(hb);
            }
        } catch (LinkDownException e) {
            // counted by the sender; the next period tries again
        }
    }

    private static Heartbeat gcsHeartbeat() {
        return Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .baseMode(EnumValue.create(MavModeFlag.class, 0)).customMode(0)
                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build();
    }

    private void route(InboundMessage<?> m) {
        Object p = m.payload();
        if (p instanceof Heartbeat hb) {
            peers.onHeartbeat(m.source(), hb);
        } else if (p instanceof CommandAck) {
            @SuppressWarnings("unchecked")
            InboundMessage<CommandAck> ack = (InboundMessage<CommandAck>) m;
            commands.onAck(ack);
        } else if (p instanceof MissionRequestInt || p instanceof MissionRequest || p instanceof MissionItemInt
                || p instanceof io.dronefleet.mavlink.common.MissionItem || p instanceof MissionCount
                || p instanceof MissionAck) {
            missions.onMessage(m);
        }
        List<Consumer<InboundMessage<?>>> hs = handlers.get(p.getClass());
        if (hs != null) {
            for (Consumer<InboundMessage<?>> h : hs) {
                try {
                    h.accept(m);
                } catch (RuntimeException e) {
                    LOG.error(e, "handler for {} failed: {}", p.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /** Stops the heartbeat, ends outstanding commands (CANCELLED) and transfers (CLOSED), closes the link. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        StationClock.Timer hb = heartbeatTimer;
        if (hb != null) {
            hb.cancel();
        }
        dispatcher.post(() -> {
            commands.close();
            missions.close();
            peers.close();
        });
        dispatcher.close();
        link.close();
        LOG.info("mavlink endpoint {} on link {} closed", self, link.name());
    }
}

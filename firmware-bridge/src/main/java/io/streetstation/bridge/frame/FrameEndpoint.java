package io.streetstation.bridge.frame;

import io.streetstation.bridge.frame.SessionMachine.Action;
import io.streetstation.bridge.frame.msg.DecodeResult;
import io.streetstation.bridge.frame.msg.Hello;
import io.streetstation.bridge.frame.msg.HelloAck;
import io.streetstation.bridge.frame.msg.MessageCatalog;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.link.LinkListener;
import java.time.Duration;
import io.streetstation.bridge.link.LinkStatus;
import io.streetstation.bridge.time.StationClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The reliable layer of the station frame protocol over any {@link Link}: ACK/NAK, retries on the
 * injected {@link StationClock}, duplicate suppression, the HELLO handshake and per-peer sessions
 * (PROTOCOL.md §3–4). The same class plays both roles: the agent greets its devices when the link
 * comes up; a device (firmware simulator) greets the agent. Only the {@link EndpointConfig} differs.
 *
 * <p>Threads: received bytes are parsed and answered on the link's reader thread; the handler is
 * called there, in order, and its verdict is sent at once as ACK or NAK. Retransmissions run on
 * the clock's thread. {@link #send} may be called from any thread. Internal state is guarded by
 * one lock, never held while the handler runs, a future completes or the link is written.
 *
 * <p>Bad input never reaches the handler and never throws out of the reader: broken frames are
 * counted by the parser, unknown types and bad payloads are NAKed and counted, and a message is
 * delivered only when whole and valid, at most once per sequence number.
 */
public final class FrameEndpoint implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("frame");
    /** What was answered to a data frame, remembered to answer a duplicate the same way. */
    private record Answer(byte[] wire, boolean nak) {
    }

    private static final Answer NO_ANSWER = new Answer(null, false);
    /** Where {@link Verdict.Deferred} answers are written: a virtual thread each, never the completing thread. */
    private static final java.util.concurrent.Executor DEFERRED_ANSWERS = r -> Thread.ofVirtual().name("frame-answer").start(r);

    private final Link link;
    private final StationClock clock;
    private final EndpointConfig config;
    private final MessageCatalog catalog;
    private final MessageHandler handler;
    private final FrameParser parser;
    private final Counters counters = new Counters();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, Peer> peers = new HashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private boolean linkUp;
    private boolean closed;
    /** Set by a status change on any thread; the reader thread resets the parser. */
    private volatile boolean parserResetRequested;

    public FrameEndpoint(Link link, StationClock clock, EndpointConfig config, MessageHandler handler) {
        this(link, clock, config, MessageCatalog.standard(), handler);
    }

    public FrameEndpoint(Link link, StationClock clock, EndpointConfig config, MessageCatalog catalog,
                         MessageHandler handler) {
        this.link = Objects.requireNonNull(link, "link");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.parser = new FrameParser(link.counters(), this::onParsed);
    }

    /** Starts the link; the handshake begins when it reports UP. */
    public void start() {
        link.start(new LinkListener() {
            @Override
            public void onBytes(byte[] buffer, int off, int len) {
                onReceived(buffer, off, len);
            }

            @Override
            public void onStatus(LinkStatus status) {
                onLinkStatus(status);
            }
        });
    }

    public EndpointConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code message} to {@code destination} with ACK requested.
     *
     * @return completes with the {@link Delivery} when ACKed; fails with
     *     {@link FrameTimeoutException} after all retries, {@link FrameRefusedException} on NAK,
     *     {@link NoSessionException} before the handshake, {@link SendQueueFullException},
     *     or {@link LinkDownException}
     */
    public CompletableFuture<Delivery> send(int destination, StationMessage message) {
        Objects.requireNonNull(message, "message");
        if (destination == Frame.BROADCAST) {
            throw new IllegalArgumentException("broadcasts are never acknowledged: use publish()");
        }
        rejectSessionMessages(message);
        byte[] payload = MessageCatalog.encode(message);
        Effects fx = new Effects();
        CompletableFuture<Delivery> result;
        lock.lock();
        try {
            Peer p = peer(destination);
            if (closed || !linkUp) {
                result = CompletableFuture.failedFuture(
                        new LinkDownException(link.name() + ": link is " + link.status().state()));
            } else if (!(p.state instanceof SessionMachine.Established)) {
                result = CompletableFuture.failedFuture(new NoSessionException(destination,
                        String.format("0x%02X: no session (%s), %s not sent", destination,
                                phase(p.state), message.type())));
            } else if (p.inFlight >= config.maxInFlight()) {
                result = CompletableFuture.failedFuture(new SendQueueFullException(destination,
                        String.format("0x%02X: %d frames unanswered, %s not sent", destination,
                                p.inFlight, message.type())));
            } else {
                result = transmit(p, message.type().id(), payload, false, fx);
            }
        } finally {
            lock.unlock();
            fx.run();
        }
        return result;
    }

    /**
     * Sends {@code message} without requesting an ACK: periodic telemetry, or a broadcast. A lost
     * frame is not repeated; the next sample replaces it.
     *
     * @throws NoSessionException unicast before the handshake
     * @throws LinkDownException the link is down
     */
    public void publish(int destination, StationMessage message) throws FrameException, LinkDownException {
        rejectSessionMessages(message);
        byte[] payload = MessageCatalog.encode(message);
        byte[] wire;
        lock.lock();
        try {
            Peer p = peer(destination);
            if (destination != Frame.BROADCAST && !(p.state instanceof SessionMachine.Established)) {
                throw new NoSessionException(destination, String.format(
                        "0x%02X: no session (%s), %s not sent", destination, phase(p.state),
                        message.type()));
            }
            Frame f = Frame.data(config.address(), destination, p.takeSequence(),
                    message.type().id(), payload, false);
            wire = FrameCodec.encode(f);
            LOG.debug("{} > {}", link.name(), f);
        } finally {
            lock.unlock();
        }
        link.write(wire);
        link.counters().frameOut();
        counters.sent.increment();
    }

    private static void rejectSessionMessages(StationMessage m) {
        if (m instanceof Hello || m instanceof HelloAck) {
            throw new IllegalArgumentException("the endpoint runs the handshake itself");
        }
    }

    /** Under the lock: registers a pending send and queues its first transmission. */
    private CompletableFuture<Delivery> transmit(Peer p, int type, byte[] payload, boolean hello,
                                                 Effects fx) {
        int seq = p.takeSequence();
        Frame f = Frame.data(config.address(), p.address, seq, type, payload, true);
        Pending pd = new Pending(p, f, FrameCodec.encode(f), hello, new CompletableFuture<>());
        pending.put(key(p.address, seq), pd);
        p.inFlight++;
        pd.timer = clock.schedule(ackWait(), () -> onAckTimeout(pd));
        counters.sent.increment();
        fx.transmit(pd);
        return pd.future;
    }

    /**
     * The configured ACK timeout, floored at {@link #ACK_REAL_FLOOR} of real time when the station
     * clock runs accelerated (a simulation): the frames still cross the wire in real time.
     */
    private Duration ackWait() {
        return clock.transportWait(config.ackTimeout(), ACK_REAL_FLOOR);
    }

    /** Shortest real time an ACK is waited for on an accelerated clock. */
    static final Duration ACK_REAL_FLOOR = Duration.ofMillis(25);

    private void onAckTimeout(Pending pd) {
        Effects fx = new Effects();
        lock.lock();
        try {
            if (pending.get(key(pd.peer.address, pd.frame.sequence())) != pd) {
                return;
            }
            if (pd.attempts <= config.maxRetries()) {
                pd.attempts++;
                counters.retransmissions.increment();
                pd.timer = clock.schedule(ackWait(), () -> onAckTimeout(pd));
                LOG.debug("{}: no answer from 0x{} to {} seq {}, attempt {}", link.name(),
                        hex(pd.peer.address), typeName(pd.frame.type()), pd.frame.sequence(),
                        pd.attempts);
                fx.transmit(pd);
                return;
            }
            remove(pd);
            counters.timedOut.increment();
            String msg = String.format("0x%02X: no answer to %s seq %d after %d attempts (%d ms each)",
                    pd.peer.address, typeName(pd.frame.type()), pd.frame.sequence(), pd.attempts,
                    ackWait().toMillis());
            LOG.warn("{}: {}", link.name(), msg);
            if (pd.hello) {
                fire(pd.peer, new SessionMachine.HelloFailed("no answer to HELLO"), fx);
            }
            // this runs on the clock's timer thread: the sender's next stage must not
            FrameTimeoutException timeout = new FrameTimeoutException(pd.peer.address, pd.attempts, msg);
            fx.later(() -> clock.completions().execute(() -> pd.future.completeExceptionally(timeout)));
        } finally {
            lock.unlock();
            fx.run();
        }
    }

    private void remove(Pending pd) {
        pending.remove(key(pd.peer.address, pd.frame.sequence()));
        pd.peer.inFlight--;
        pd.timer.cancel();
    }

    // ---------------------------------------------------------------- receiving

    private void onReceived(byte[] buf, int off, int len) {
        if (parserResetRequested) {
            parserResetRequested = false;
            parser.reset();
        }
        try {
            parser.accept(buf, off, len);
        } catch (RuntimeException e) {
            // a bug of ours, not bad input (that is counted, never thrown); keep the reader alive
            LOG.error(e, "{}: receive path failed: {}", link.name(), e.toString());
        }
    }

    private void onParsed(ParseResult result) {
        switch (result) {
            case ParseResult.Malformed m -> LOG.debug("{}: dropped bad frame: {} {}", link.name(),
                    m.error(), m.detail());
            case ParseResult.Parsed(Frame f) -> {
                LOG.debug("{} < {}", link.name(), f);
                if (f.destination() != config.address() && !f.isBroadcast()) {
                    counters.notForUs.increment();
                    return;
                }
                switch (f.kind()) {
                    case ACK, NAK -> onAnswer(f);
                    case DATA -> {
                        if (f.type() == Hello.TYPE.id()) {
                            onHello(f);
                        } else {
                            onData(f);
                        }
                    }
                }
            }
        }
    }

    private void onAnswer(Frame f) {
        Effects fx = new Effects();
        lock.lock();
        try {
            Pending pd = pending.get(key(f.source(), f.sequence()));
            boolean matches = pd != null && (f.type() == pd.frame.type()
                    || (pd.hello && f.kind() == FrameKind.ACK && f.type() == HelloAck.TYPE.id()));
            if (!matches) {
                counters.unmatchedAnswers.increment();
                LOG.debug("{}: {} for nothing pending (late or repeated)", link.name(), f);
                return;
            }
            remove(pd);
            if (f.kind() == FrameKind.ACK) {
                onAck(pd, f, fx);
            } else {
                onNak(pd, Nak.decode(f.payloadUnsafe()), fx);
            }
        } finally {
            lock.unlock();
            fx.run();
        }
    }

    private void onAck(Pending pd, Frame f, Effects fx) {
        counters.acked.increment();
        if (!pd.hello) {
            fx.complete(pd.future, new Delivery(pd.peer.address, f.sequence(), pd.attempts, Optional.empty()));
            return;
        }
        if (!(catalog.decode(f.type(), f.payloadUnsafe()) instanceof DecodeResult.Decoded(HelloAck ack))) {
            String why = "unreadable HELLO_ACK from 0x" + hex(pd.peer.address);
            counters.badPayloads.increment();
            fire(pd.peer, new SessionMachine.HelloFailed(why), fx);
            fx.fail(pd.future, new FrameRefusedException(pd.peer.address,
                    new Nak(NakReason.BAD_PAYLOAD, why), why));
            return;
        }
        if (ack.version() < config.versionMin() || ack.version() > config.versionMax()) {
            String why = String.format("0x%02X chose version %d, we speak %d..%d", pd.peer.address,
                    ack.version(), config.versionMin(), config.versionMax());
            fire(pd.peer, new SessionMachine.VersionMismatch(why), fx);
            fx.fail(pd.future, new IncompatiblePeerException(pd.peer.address, why));
            return;
        }
        fire(pd.peer, new SessionMachine.HelloAnswered(ack.version(), ack.identity()), fx);
        fx.complete(pd.future, new Delivery(pd.peer.address, f.sequence(), pd.attempts, Optional.of(ack)));
    }

    private void onNak(Pending pd, Nak nak, Effects fx) {
        counters.nakedByPeer.increment();
        String msg = String.format("0x%02X refused %s seq %d: %s (%s)", pd.peer.address,
                typeName(pd.frame.type()), pd.frame.sequence(), nak.reason(), nak.detail());
        LOG.warn("{}: {}", link.name(), msg);
        if (pd.hello && nak.reason() == NakReason.UNSUPPORTED_VERSION) {
            fire(pd.peer, new SessionMachine.VersionMismatch(nak.detail()), fx);
            fx.fail(pd.future, new IncompatiblePeerException(pd.peer.address, msg));
            return;
        }
        if (pd.hello) {
            fire(pd.peer, new SessionMachine.HelloFailed(msg), fx);
        } else if (nak.reason() == NakReason.NO_SESSION) {
            fire(pd.peer, new SessionMachine.PeerLostSession(), fx);
        }
        fx.fail(pd.future, new FrameRefusedException(pd.peer.address, nak, msg));
    }

    private void onHello(Frame f) {
        Effects fx = new Effects();
        lock.lock();
        try {
            if (f.isBroadcast()) {
                LOG.debug("{}: ignored broadcast HELLO from 0x{}", link.name(), hex(f.source()));
                return;
            }
            Peer p = peer(f.source());
            if (!(catalog.decode(f.type(), f.payloadUnsafe()) instanceof DecodeResult.Decoded(Hello hello))) {
                counters.badPayloads.increment();
                answer(f, new Nak(NakReason.BAD_PAYLOAD, "unreadable HELLO"), fx);
                return;
            }
            int lo = Math.max(config.versionMin(), hello.versionMin());
            int hi = Math.min(config.versionMax(), hello.versionMax());
            if (lo > hi) {
                String why = String.format("speaks %d..%d, offered %d..%d", config.versionMin(),
                        config.versionMax(), hello.versionMin(), hello.versionMax());
                answer(f, new Nak(NakReason.UNSUPPORTED_VERSION, why), fx);
                fire(p, new SessionMachine.VersionMismatch(String.format("0x%02X offered versions %d..%d, we speak %d..%d",
                        f.source(), hello.versionMin(), hello.versionMax(), config.versionMin(),
                        config.versionMax())), fx);
                return;
            }
            if (f.ackRequested()) {
                byte[] ack = MessageCatalog.encode(new HelloAck(hi, config.identity()));
                counters.acksSent.increment();
                fx.write(FrameCodec.encode(Frame.ackFor(f, HelloAck.TYPE.id(), ack)));
            }
            fire(p, new SessionMachine.HelloReceived(hi, hello.identity()), fx);
        } finally {
            lock.unlock();
            fx.run();
        }
    }

    private void onData(Frame f) {
        Effects fx = new Effects();
        StationMessage message;
        lock.lock();
        try {
            message = admit(f, fx);
        } finally {
            lock.unlock();
            fx.run();
        }
        if (message == null) {
            return;
        }
        Verdict verdict;
        try {
            verdict = handler.onMessage(new Inbound(f.source(), f.destination(), f.sequence(),
                    f.ackRequested(), message));
            counters.delivered.increment();
        } catch (RuntimeException e) {
            counters.handlerFailures.increment();
            LOG.error(e, "{}: handler failed on {} from 0x{}", link.name(), message.type(), hex(f.source()));
            verdict = new Verdict.Refused(NakReason.REFUSED, "receiver error: " + e);
        }
        if (verdict instanceof Verdict.Deferred d) {
            counters.deferred.increment();
            // answered on a thread of its own: whoever completes the stage (a database writer, say) must not write to the link
            d.later().whenCompleteAsync((later, e) -> settle(f, e != null || later == null || later instanceof Verdict.Deferred
                    ? new Verdict.Refused(NakReason.REFUSED, "receiver error: " + (e != null ? e : "no verdict"))
                    : later), DEFERRED_ANSWERS);
            return;
        }
        settle(f, verdict);
    }

    /** Answers {@code f} (if it asked) and remembers the answer for a repeat of it. */
    private void settle(Frame f, Verdict verdict) {
        Effects answerFx = new Effects();
        lock.lock();
        try {
            Answer answer = switch (verdict) {
                case Verdict.Accepted a -> answerAck(f, answerFx);
                case Verdict.Refused r -> answer(f, new Nak(r.reason(), r.detail()), answerFx);
                case Verdict.Deferred d -> throw new IllegalStateException("a deferred verdict is settled when known");
            };
            Peer p = peers.get(f.source());
            if (p != null) {
                p.window(f.isBroadcast()).replace(f.sequence(), NO_ANSWER, answer);
            }
        } finally {
            lock.unlock();
            answerFx.run();
        }
    }

    /**
     * Under the lock: session check, duplicate suppression and decoding of a data frame. Returns
     * the message to deliver, or null when the frame was answered (or dropped) here.
     */
    private StationMessage admit(Frame f, Effects fx) {
        Peer p = peer(f.source());
        if (!(p.state instanceof SessionMachine.Established)) {
            counters.noSession.increment();
            LOG.debug("{}: {} from 0x{} before the handshake, not executed", link.name(),
                    typeName(f.type()), hex(f.source()));
            answer(f, new Nak(NakReason.NO_SESSION, String.format(
                    "no session with 0x%02X: send HELLO first", f.source())), fx);
            return null;
        }
        Map<Integer, Answer> window = p.window(f.isBroadcast());
        Answer previous = window.get(f.sequence());
        if (previous != null) {
            counters.duplicates.increment();
            LOG.debug("{}: duplicate seq {} from 0x{}, answered again", link.name(),
                    f.sequence(), hex(f.source()));
            if (f.ackRequested() && previous.wire() != null) {
                (previous.nak() ? counters.naksSent : counters.acksSent).increment();
                fx.write(previous.wire());
            }
            return null;
        }
        return switch (catalog.decode(f.type(), f.payloadUnsafe())) {
            case DecodeResult.UnknownType u -> {
                counters.unknownTypes.increment();
                window.put(f.sequence(), answer(f, new Nak(NakReason.UNKNOWN_TYPE,
                        String.format("type 0x%04X unknown", f.type())), fx));
                yield null;
            }
            case DecodeResult.BadPayload b -> {
                counters.badPayloads.increment();
                LOG.warn("{}: bad {} payload from 0x{}: {}", link.name(), b.type(),
                        hex(f.source()), b.detail());
                window.put(f.sequence(), answer(f, new Nak(NakReason.BAD_PAYLOAD,
                        b.type().name() + ": " + b.detail()), fx));
                yield null;
            }
            case DecodeResult.Decoded d -> {
                // reserved before the handler runs; only this reader thread can see a repeat,
                // and a reboot (window cleared meanwhile) makes the replace below a no-op
                window.put(f.sequence(), NO_ANSWER);
                yield d.message();
            }
        };
    }

    /** Under the lock: queues a NAK if the frame wants an answer; returns what to repeat. */
    private Answer answer(Frame f, Nak nak, Effects fx) {
        if (!f.ackRequested()) {
            return NO_ANSWER;
        }
        byte[] wire = FrameCodec.encode(Frame.nakFor(f, nak));
        counters.naksSent.increment();
        fx.write(wire);
        return new Answer(wire, true);
    }

    private Answer answerAck(Frame f, Effects fx) {
        if (!f.ackRequested()) {
            return NO_ANSWER;
        }
        byte[] wire = FrameCodec.encode(Frame.ackFor(f));
        counters.acksSent.increment();
        fx.write(wire);
        return new Answer(wire, false);
    }

    // ---------------------------------------------------------------- sessions

    private void onLinkStatus(LinkStatus status) {
        Effects fx = new Effects();
        lock.lock();
        try {
            LOG.info("{}: link {} ({})", link.name(), status.state(), status.detail());
            if (status.isUp() && !closed) {
                if (linkUp) {
                    return;
                }
                linkUp = true;
                parserResetRequested = true;
                for (int address : config.greet()) {
                    fire(peer(address), new SessionMachine.LinkUp(), fx);
                }
            } else {
                if (!linkUp) {
                    return;
                }
                linkUp = false;
                failAllPending(new LinkDownException(link.name() + ": link " + status.state()
                        + " (" + status.detail() + ")"), fx);
                for (Peer p : peers.values()) {
                    fire(p, new SessionMachine.LinkDown("link " + status.state()), fx);
                }
            }
        } finally {
            lock.unlock();
            fx.run();
        }
    }

    private void failAllPending(Exception cause, Effects fx) {
        for (Pending pd : List.copyOf(pending.values())) {
            remove(pd);
            fx.fail(pd.future, cause);
        }
    }

    /** Under the lock: runs the session machine for one peer and carries out its actions. */
    private void fire(Peer p, SessionMachine.Event event, Effects fx) {
        SessionMachine.State before = p.state;
        SessionMachine.Step step = SessionMachine.next(before, event, p.knownBootId);
        p.state = step.next();
        if (step.actions().contains(Action.REJECTED)) {
            LOG.debug("{}: 0x{} session {} ignores {}", link.name(), hex(p.address), before, event);
        }
        if (p.state instanceof SessionMachine.Established e) {
            if (step.actions().contains(Action.RESET_DEDUPE)) {
                if (p.knownBootId != 0) {
                    LOG.info("{}: 0x{} rebooted (boot id {} -> {}), duplicate window cleared",
                            link.name(), hex(p.address), Long.toHexString(p.knownBootId),
                            Long.toHexString(e.peer().bootId()));
                }
                p.unicast.clear();
                p.broadcast.clear();
            }
            p.knownBootId = e.peer().bootId();
            p.identity = e.peer();
        }
        if (step.actions().contains(Action.SEND_HELLO)) {
            sendHello(p, fx);
        }
        if (step.actions().contains(Action.RETRY_HELLO_LATER)) {
            scheduleHello(p);
        }
        if (step.actions().contains(Action.NOTIFY)) {
            notifySession(p, before, fx);
        }
    }

    private void sendHello(Peer p, Effects fx) {
        if (!linkUp || closed) {
            return;
        }
        Hello hello = new Hello(config.versionMin(), config.versionMax(), config.identity());
        // the HELLO's own future is observed through the session; failures re-enter as events
        transmit(p, Hello.TYPE.id(), MessageCatalog.encode(hello), true, fx);
    }

    private void scheduleHello(Peer p) {
        if (p.helloRetry != null) {
            p.helloRetry.cancel();
        }
        p.helloRetry = clock.schedule(config.helloRetryInterval(), () -> {
            Effects fx = new Effects();
            lock.lock();
            try {
                if (p.state instanceof SessionMachine.Handshaking && !p.helloInFlight()) {
                    sendHello(p, fx);
                }
            } finally {
                lock.unlock();
                fx.run();
            }
        });
    }

    private void notifySession(Peer p, SessionMachine.State before, Effects fx) {
        PeerSession s = snapshot(p);
        boolean changedPhase = phase(before) != s.phase();
        if (changedPhase) {
            if (s.phase() == PeerSession.Phase.INCOMPATIBLE) {
                LOG.error("{}: 0x{} incompatible: {}", link.name(), hex(p.address), s.detail());
            } else {
                LOG.info("{}: 0x{} session {} -> {} {}", link.name(), hex(p.address), phase(before),
                        s.phase(), s.detail());
            }
        }
        CompletableFuture<PeerSession> f = p.established;
        switch (s.phase()) {
            case ESTABLISHED -> {
                if (f.isDone()) {
                    p.established = CompletableFuture.completedFuture(s);
                } else {
                    fx.complete(f, s);
                }
            }
            case INCOMPATIBLE -> {
                IncompatiblePeerException e = new IncompatiblePeerException(p.address, s.detail());
                if (f.isDone()) {
                    p.established = CompletableFuture.failedFuture(e);
                } else {
                    fx.fail(f, e);
                }
            }
            case DOWN, HANDSHAKING -> {
                if (f.isDone()) {
                    p.established = new CompletableFuture<>();
                }
            }
        }
        fx.later(() -> {
            try {
                handler.onSession(s);
            } catch (RuntimeException e) {
                LOG.error(e, "{}: session handler failed", link.name());
            }
        });
    }

    private static PeerSession.Phase phase(SessionMachine.State s) {
        return switch (s) {
            case SessionMachine.Down d -> PeerSession.Phase.DOWN;
            case SessionMachine.Handshaking h -> PeerSession.Phase.HANDSHAKING;
            case SessionMachine.Established e -> PeerSession.Phase.ESTABLISHED;
            case SessionMachine.Incompatible i -> PeerSession.Phase.INCOMPATIBLE;
        };
    }

    private PeerSession snapshot(Peer p) {
        return switch (p.state) {
            case SessionMachine.Down d -> new PeerSession(p.address, PeerSession.Phase.DOWN,
                    OptionalInt.empty(), Optional.ofNullable(p.identity), d.why());
            case SessionMachine.Handshaking h -> new PeerSession(p.address,
                    PeerSession.Phase.HANDSHAKING, OptionalInt.empty(),
                    Optional.ofNullable(p.identity), "waiting for HELLO_ACK");
            case SessionMachine.Established e -> new PeerSession(p.address,
                    PeerSession.Phase.ESTABLISHED, OptionalInt.of(e.version()),
                    Optional.of(e.peer()), String.format("version %d, %s %s firmware %s, boot %08x",
                    e.version(), e.peer().kind(), e.peer().serial(), e.peer().firmware(),
                    e.peer().bootId()));
            case SessionMachine.Incompatible i -> new PeerSession(p.address,
                    PeerSession.Phase.INCOMPATIBLE, OptionalInt.empty(),
                    Optional.ofNullable(p.identity), i.detail());
        };
    }

    /**
     * Completes when the session with {@code address} is established (at once if it is); fails
     * with {@link IncompatiblePeerException} if the versions do not match. A later loss of the
     * session starts a new future.
     */
    public CompletableFuture<PeerSession> session(int address) {
        lock.lock();
        try {
            return peer(address).established;
        } finally {
            lock.unlock();
        }
    }

    /** The session with {@code address} now. */
    public PeerSession peerSession(int address) {
        lock.lock();
        try {
            return snapshot(peer(address));
        } finally {
            lock.unlock();
        }
    }

    /** Every peer this endpoint has greeted or heard from. */
    public List<PeerSession> peerSessions() {
        lock.lock();
        try {
            return peers.values().stream().filter(p -> p.address != Frame.BROADCAST)
                    .map(this::snapshot).toList();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- statistics and lifecycle

    public EndpointStatistics statistics() {
        Counters c = counters;
        return new EndpointStatistics(c.sent.sum(), c.retransmissions.sum(), c.acked.sum(),
                c.nakedByPeer.sum(), c.timedOut.sum(), c.unmatchedAnswers.sum(), c.acksSent.sum(),
                c.naksSent.sum(), c.delivered.sum(), c.duplicates.sum(), c.unknownTypes.sum(),
                c.badPayloads.sum(), c.noSession.sum(), c.notForUs.sum(), c.handlerFailures.sum(),
                c.deferred.sum(), parser.errors().snapshot());
    }

    /** Per-kind counts of bad frames received. */
    public FrameErrorCounters frameErrors() {
        return parser.errors();
    }

    /** Fails pending sends with {@link LinkDownException}, stops timers, closes the link. */
    @Override
    public void close() {
        Effects fx = new Effects();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            failAllPending(new LinkDownException(link.name() + ": endpoint closed"), fx);
            for (Peer p : peers.values()) {
                if (p.helloRetry != null) {
                    p.helloRetry.cancel();
                }
            }
        } finally {
            lock.unlock();
            fx.run();
        }
        link.close();
    }

    // ---------------------------------------------------------------- internals

    private Peer peer(int address) {
        return peers.computeIfAbsent(address, Peer::new);
    }

    private String typeName(int type) {
        return catalog.type(type).map(Object::toString).orElse(String.format("type 0x%04X", type));
    }

    private static String hex(int address) {
        return String.format("%02X", address);
    }

    private static int key(int address, int seq) {
        return address << 16 | seq;
    }

    /** One peer's state; guarded by the endpoint lock. */
    private final class Peer {
        final int address;
        final Map<Integer, Answer> unicast = window();
        final Map<Integer, Answer> broadcast = window();
        SessionMachine.State state = new SessionMachine.Down("link not up");
        CompletableFuture<PeerSession> established = new CompletableFuture<>();
        long knownBootId;
        PeerIdentity identity;
        StationClock.Timer helloRetry;
        int inFlight;
        int nextSequence;

        Peer(int address) {
            this.address = address;
            // a fresh random start per boot (the boot id is random), different per destination
            this.nextSequence = (int) ((config.identity().bootId() * 0x9E3779B1L + address * 40503L) & 0xFFFF);
        }

        int takeSequence() {
            int s = nextSequence;
            nextSequence = (s + 1) & 0xFFFF;
            return s;
        }

        Map<Integer, Answer> window(boolean isBroadcast) {
            return isBroadcast ? broadcast : unicast;
        }

        boolean helloInFlight() {
            return pending.values().stream().anyMatch(pd -> pd.peer == this && pd.hello);
        }

        private Map<Integer, Answer> window() {
            int size = config.dedupeWindow();
            return new LinkedHashMap<>(size * 2) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Answer> eldest) {
                    return size() > size;
                }
            };
        }
    }

    /** A data frame waiting for its ACK; guarded by the endpoint lock. */
    private static final class Pending {
        final Peer peer;
        final Frame frame;
        final byte[] wire;
        final boolean hello;
        final CompletableFuture<Delivery> future;
        int attempts = 1;
        StationClock.Timer timer;

        Pending(Peer peer, Frame frame, byte[] wire, boolean hello, CompletableFuture<Delivery> future) {
            this.peer = peer;
            this.frame = frame;
            this.wire = wire;
            this.hello = hello;
            this.future = future;
        }
    }

    /**
     * What to do once the lock is released, in order: writes, future completions, callbacks.
     * Keeps the lock free of I/O and of foreign code.
     */
    private final class Effects {
        private final List<Runnable> steps = new ArrayList<>(2);

        void write(byte[] wire) {
            steps.add(() -> {
                try {
                    link.write(wire);
                    link.counters().frameOut();
                } catch (LinkDownException e) {
                    LOG.debug("{}: answer not sent: {}", link.name(), e.getMessage());
                }
            });
        }

        void transmit(Pending pd) {
            steps.add(() -> {
                try {
                    link.write(pd.wire);
                    link.counters().frameOut();
                } catch (LinkDownException e) {
                    abandon(pd, e);
                }
            });
        }

        <T> void complete(CompletableFuture<T> f, T value) {
            steps.add(() -> f.complete(value));
        }

        void fail(CompletableFuture<?> f, Throwable cause) {
            steps.add(() -> f.completeExceptionally(cause));
        }

        void later(Runnable r) {
            steps.add(r);
        }

        void run() {
            for (Runnable r : steps) {
                r.run();
            }
        }
    }

    private void abandon(Pending pd, LinkDownException e) {
        lock.lock();
        try {
            if (pending.get(key(pd.peer.address, pd.frame.sequence())) != pd) {
                return;
            }
            remove(pd);
        } finally {
            lock.unlock();
        }
        pd.future.completeExceptionally(e);
    }

    /** Live counters; see {@link EndpointStatistics} for meanings. */
    private static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder retransmissions = new LongAdder();
        final LongAdder acked = new LongAdder();
        final LongAdder nakedByPeer = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder unmatchedAnswers = new LongAdder();
        final LongAdder acksSent = new LongAdder();
        final LongAdder naksSent = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder deferred = new LongAdder();
        final LongAdder unknownTypes = new LongAdder();
        final LongAdder badPayloads = new LongAdder();
        final LongAdder noSession = new LongAdder();
        final LongAdder notForUs = new LongAdder();
        final LongAdder handlerFailures = new LongAdder();
    }
}

package io.streetstation.bridge.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.bridge.frame.msg.BayCommand;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.Hello;
import io.streetstation.bridge.frame.msg.HelloAck;
import io.streetstation.bridge.frame.msg.MessageCatalog;
import io.streetstation.bridge.frame.msg.MessageType;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.RoofCommand;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.frame.msg.Weather;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.link.MemoryLink;
import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reliable layer over a {@link MemoryLink} pair with fault policies and a {@link ManualClock}:
 * retries run by advancing the clock, never by waiting.
 */
class FrameEndpointTest {

    static final int AGENT = StationAddress.AGENT;
    static final int NEST = StationAddress.NEST;
    static final Duration ACK = EndpointConfig.DEFAULT_ACK_TIMEOUT;
    static final Duration WAIT = Duration.ofSeconds(5);

    static final PeerIdentity AGENT_ID = new PeerIdentity(Role.AGENT, DeviceKind.AGENT, 0xA6E17L,
            new FirmwareVersion(0, 1, 0), 0, "agent-test");
    static final PeerIdentity NEST_ID = new PeerIdentity(Role.DEVICE, DeviceKind.NEST_CONTROLLER,
            0xB007L, new FirmwareVersion(2, 0, 17), 0x7, "NC-0042");

    final ManualClock clock = new ManualClock();
    final MemoryLink[] links = MemoryLink.pair("agent", "nest");
    final MemoryLink agentLink = links[0];
    final MemoryLink nestLink = links[1];
    final ConcurrentLinkedQueue<Inbound> nestInbox = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Inbound> agentInbox = new ConcurrentLinkedQueue<>();
    volatile Function<Inbound, Verdict> nestVerdict = m -> Verdict.accepted();
    final List<AutoCloseable> closeables = new ArrayList<>();

    FrameEndpoint agent;
    FrameEndpoint nest;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    FrameEndpoint agentEndpoint() {
        FrameEndpoint e = new FrameEndpoint(agentLink, clock, EndpointConfig.agent(AGENT_ID, NEST),
                m -> {
                    agentInbox.add(m);
                    return Verdict.accepted();
                });
        closeables.add(e);
        return e;
    }

    FrameEndpoint nestEndpoint(EndpointConfig config, MessageCatalog catalog) {
        FrameEndpoint e = new FrameEndpoint(nestLink, clock, config, catalog, m -> {
            nestInbox.add(m);
            return nestVerdict.apply(m);
        });
        closeables.add(e);
        return e;
    }

    /** Both ends up and greeted; the device's own first HELLO (sent before the agent was up) answered. */
    void connect() throws Exception {
        nest = nestEndpoint(EndpointConfig.device(NEST, NEST_ID), MessageCatalog.standard());
        agent = agentEndpoint();
        nest.start();
        agent.start();
        assertThat(agent.session(NEST)).succeedsWithin(WAIT);
        assertThat(nest.session(AGENT)).succeedsWithin(WAIT);
        clock.advance(ACK);  // the nest's HELLO, lost while the agent's end was down, is repeated
        Await.until("nest HELLO answered", () -> nest.statistics().acked() == 1);
    }

    /** Applies {@code fault} to the first frame matching {@code which} only. */
    static UnaryOperator<byte[]> once(Predicate<Frame> which, UnaryOperator<byte[]> fault) {
        AtomicInteger hits = new AtomicInteger();
        return chunk -> frameOf(chunk).filter(which).isPresent() && hits.getAndIncrement() == 0
                ? fault.apply(chunk) : chunk;
    }

    static Optional<Frame> frameOf(byte[] chunk) {
        List<Frame> frames = new ArrayList<>();
        new FrameParser(new io.streetstation.bridge.link.LinkCounters(), r -> {
            if (r instanceof ParseResult.Parsed p) {
                frames.add(p.frame());
            }
        }).accept(Bytes.concat(new byte[] {0}, chunk), 0, chunk.length + 1);
        return frames.stream().findFirst();
    }

    static Predicate<Frame> data(MessageType<?> type) {
        return f -> f.kind() == FrameKind.DATA && f.type() == type.id();
    }

    static Predicate<Frame> ack(MessageType<?> type) {
        return f -> f.kind() == FrameKind.ACK && f.type() == type.id();
    }

    static <T> Throwable failureOf(CompletableFuture<T> f) {
        assertThat(f).failsWithin(WAIT);
        try {
            f.get();
            throw new AssertionError("did not fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------ handshake

    @Test
    void linkUp_handshake_establishesBothSidesWithIdentities() throws Exception {
        connect();
        PeerSession seenByAgent = agent.peerSession(NEST);
        assertThat(seenByAgent.phase()).isEqualTo(PeerSession.Phase.ESTABLISHED);
        assertThat(seenByAgent.version()).hasValue(1);
        assertThat(seenByAgent.identity()).contains(NEST_ID);
        assertThat(nest.peerSession(AGENT).identity()).contains(AGENT_ID);
    }

    @Test
    void versionMismatch_failsTheSession_withAClearError() {
        nest = nestEndpoint(EndpointConfig.device(NEST, NEST_ID).withVersions(2, 3), MessageCatalog.standard());
        agent = agentEndpoint();
        nest.start();
        agent.start();
        Throwable e = failureOf(agent.session(NEST));
        assertThat(e).isInstanceOf(IncompatiblePeerException.class).hasMessageContaining("2..3");
        assertThat(agent.peerSession(NEST).phase()).isEqualTo(PeerSession.Phase.INCOMPATIBLE);
        assertThatThrownBy(() -> agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN)).get())
                .hasCauseInstanceOf(NoSessionException.class);
    }

    @Test
    void sendBeforeHandshake_failsWithNoSession() {
        agent = agentEndpoint();
        agent.start();  // nobody answers on the other end
        Throwable e = failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN)));
        assertThat(e).isInstanceOf(NoSessionException.class).hasMessageContaining("0x10");
    }

    @Test
    void dataBeforeHello_isRefusedWithNoSession_andNotDelivered() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        byte[] payload = MessageCatalog.encode(new RoofState(RoofState.Phase.OPEN, 100, 0, 0));
        raw.send(Frame.data(NEST, AGENT, 77, RoofState.TYPE.id(), payload, true));
        Frame answer = raw.answerTo(77);
        assertThat(answer.kind()).isEqualTo(FrameKind.NAK);
        assertThat(Nak.decode(answer.payload()).reason()).isEqualTo(NakReason.NO_SESSION);
        assertThat(agentInbox).isEmpty();
        assertThat(agent.statistics().noSession()).isEqualTo(1);
    }

    @Test
    void helloFromRawDevice_isAnsweredWithHelloAck() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        Frame answer = raw.hello(NEST, AGENT, 0x1111, 5);
        assertThat(answer.kind()).isEqualTo(FrameKind.ACK);
        assertThat(answer.type()).isEqualTo(HelloAck.TYPE.id());
        assertThat(MessageCatalog.standard().decode(answer.type(), answer.payload()))
                .isEqualTo(new io.streetstation.bridge.frame.msg.DecodeResult.Decoded(new HelloAck(1, AGENT_ID)));
        // the endpoint writes HELLO_ACK first and completes the session after it (so nothing can be
        // sent ahead of the answer): the raw peer may see the answer a moment before the future is done
        assertThat(agent.session(NEST)).succeedsWithin(WAIT);
    }

    @Test
    void helloOfferingOnlyFutureVersions_isNakedUnsupportedVersion() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        byte[] payload = MessageCatalog.encode(new Hello(2, 3, RawPeer.nestIdentity(9)));
        raw.send(Frame.data(NEST, AGENT, 1, Hello.TYPE.id(), payload, true));
        Frame answer = raw.answerTo(1);
        Nak nak = Nak.decode(answer.payload());
        assertThat(nak.reason()).isEqualTo(NakReason.UNSUPPORTED_VERSION);
        assertThat(nak.detail()).isEqualTo("speaks 1..1, offered 2..3");
        assertThat(agent.peerSession(NEST).phase()).isEqualTo(PeerSession.Phase.INCOMPATIBLE);
    }

    @Test
    void deviceReboot_newBootId_resetsDuplicateSuppression() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        raw.hello(NEST, AGENT, 0xAAAA, 100);
        byte[] payload = MessageCatalog.encode(new RoofState(RoofState.Phase.CLOSED, 0, 0, 0));
        raw.send(Frame.data(NEST, AGENT, 5, RoofState.TYPE.id(), payload, true));
        assertThat(raw.answerTo(5).kind()).isEqualTo(FrameKind.ACK);
        raw.send(Frame.data(NEST, AGENT, 5, RoofState.TYPE.id(), payload, true));
        assertThat(raw.answerTo(5).kind()).isEqualTo(FrameKind.ACK);  // re-ACKed duplicate
        assertThat(agentInbox).hasSize(1);
        assertThat(agent.statistics().duplicates()).isEqualTo(1);

        raw.hello(NEST, AGENT, 0xBBBB, 100);  // rebooted: new boot id, sequence numbers start over
        raw.send(Frame.data(NEST, AGENT, 5, RoofState.TYPE.id(), payload, true));
        assertThat(raw.answerTo(5).kind()).isEqualTo(FrameKind.ACK);
        Await.until("second boot's seq 5 delivered", () -> agentInbox.size() == 2);
        assertThat(agent.peerSession(NEST).identity().orElseThrow().bootId()).isEqualTo(0xBBBB);
    }

    @Test
    void sameBootIdAgain_keepsDuplicateSuppression() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        raw.hello(NEST, AGENT, 0xAAAA, 100);
        byte[] payload = MessageCatalog.encode(new RoofState(RoofState.Phase.CLOSED, 0, 0, 0));
        raw.send(Frame.data(NEST, AGENT, 5, RoofState.TYPE.id(), payload, true));
        raw.answerTo(5);
        raw.hello(NEST, AGENT, 0xAAAA, 101);  // a repeated HELLO from the same boot
        raw.send(Frame.data(NEST, AGENT, 5, RoofState.TYPE.id(), payload, true));
        raw.answerTo(5);
        assertThat(agentInbox).hasSize(1);
    }

    @Test
    void peerAnsweringNoSession_triggersANewHandshake() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        raw.hello(NEST, AGENT, 0xAAAA, 1);
        raw.clear();
        CompletableFuture<Delivery> sent = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        Frame cmd = raw.expect("roof command", data(RoofCommand.TYPE));
        raw.send(Frame.nakFor(cmd, new Nak(NakReason.NO_SESSION, "rebooted")));
        assertThat(failureOf(sent)).isInstanceOfSatisfying(FrameRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(NakReason.NO_SESSION));
        raw.expect("a new HELLO", data(Hello.TYPE));
        assertThat(agent.peerSession(NEST).phase()).isEqualTo(PeerSession.Phase.HANDSHAKING);
    }

    // ------------------------------------------------------------ reliability

    @Test
    void command_isDelivered_andAcked() throws Exception {
        connect();
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        assertThat(f).succeedsWithin(WAIT).satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.peer()).isEqualTo(NEST);
        });
        assertThat(nestInbox).extracting(Inbound::message)
                .containsExactly(new RoofCommand(RoofCommand.Action.OPEN));
        assertThat(nestInbox.peek().source()).isEqualTo(AGENT);
    }

    @Test
    void lostFrame_isRetransmittedAfterTheTimeout_andAcked() throws Exception {
        connect();
        agentLink.outboundFault(once(data(RoofCommand.TYPE), chunk -> null));
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        assertThat(f).isNotDone();
        clock.advance(ACK.minusMillis(1));
        assertThat(f).isNotDone();
        assertThat(nestInbox).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(f).succeedsWithin(WAIT).extracting(Delivery::attempts).isEqualTo(2);
        assertThat(nestInbox).hasSize(1);
        assertThat(agent.statistics().retransmissions()).isEqualTo(1);
    }

    @Test
    void lostAck_retransmissionIsSuppressedAsDuplicate_andAckedAgain() throws Exception {
        connect();
        nestLink.outboundFault(once(ack(RoofCommand.TYPE), chunk -> null));
        long acksBefore = nest.statistics().acksSent();  // the HELLO_ACK
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.CLOSE));
        Await.until("command delivered, ACK lost", () -> nest.statistics().acksSent() == acksBefore + 1);
        assertThat(f).isNotDone();
        clock.advance(ACK);
        assertThat(f).succeedsWithin(WAIT).extracting(Delivery::attempts).isEqualTo(2);
        assertThat(nestInbox).hasSize(1);
        assertThat(nest.statistics().duplicates()).isEqualTo(1);
        assertThat(nest.statistics().acksSent()).isEqualTo(acksBefore + 2);
    }

    @Test
    void duplicatedFrame_isDeliveredOnce() throws Exception {
        connect();
        agentLink.outboundFault(once(data(BayCommand.TYPE), chunk -> Bytes.concat(chunk, chunk)));
        CompletableFuture<Delivery> f = agent.send(NEST, new BayCommand(2, BayCommand.Action.CHARGE_START));
        assertThat(f).succeedsWithin(WAIT);
        Await.until("duplicate seen", () -> nest.statistics().duplicates() == 1);
        Await.until("second ACK seen", () -> agent.statistics().unmatchedAnswers() == 1);
        assertThat(nestInbox).hasSize(1);
    }

    @Test
    void refusal_surfacesReasonAndDetail_toTheCaller() throws Exception {
        connect();
        nestVerdict = m -> Verdict.refused("E-stop latched");
        Throwable e = failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN)));
        assertThat(e).isInstanceOfSatisfying(FrameRefusedException.class, r -> {
            assertThat(r.reason()).isEqualTo(NakReason.REFUSED);
            assertThat(r.detail()).isEqualTo("E-stop latched");
            assertThat(r.peer()).isEqualTo(NEST);
        });
        nestVerdict = m -> Verdict.busy("roof moving");
        assertThat(failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN))))
                .isInstanceOfSatisfying(FrameRefusedException.class,
                        r -> assertThat(r.reason()).isEqualTo(NakReason.BUSY));
    }

    @Test
    void deferredVerdict_isAnsweredWhenKnown_aRepeatMeanwhileGetsNoAnswer_andTheReaderGoesOn() throws Exception {
        connect();
        CompletableFuture<Verdict> stored = new CompletableFuture<>();
        nestVerdict = m -> m.message() instanceof RoofCommand ? new Verdict.Deferred(stored) : Verdict.accepted();
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.CLOSE));
        Await.until("command delivered, answer deferred", () -> nest.statistics().deferredAnswers() == 1);
        long acksBefore = nest.statistics().acksSent();

        // the reader is not held: another message is delivered and answered meanwhile
        assertThat(agent.send(NEST, new BayCommand(1, BayCommand.Action.CHARGE_START))).succeedsWithin(WAIT);
        // the sender's retry of the deferred one is a duplicate with no answer yet: suppressed, not answered
        clock.advance(ACK);
        Await.until("the retry seen as a duplicate", () -> nest.statistics().duplicates() == 1);
        assertThat(f).isNotDone();
        assertThat(nest.statistics().acksSent()).isEqualTo(acksBefore + 1);   // the BayCommand's only

        stored.complete(Verdict.accepted());
        assertThat(f).succeedsWithin(WAIT).extracting(Delivery::attempts).isEqualTo(2);
        assertThat(nestInbox).filteredOn(m -> m.message() instanceof RoofCommand).hasSize(1);
        // a later repeat gets the remembered answer
        assertThat(nest.statistics().acksSent()).isEqualTo(acksBefore + 2);
    }

    @Test
    void deferredVerdict_thatFailsOrRefuses_isANak_neverAnAck() throws Exception {
        connect();
        CompletableFuture<Verdict> failing = new CompletableFuture<>();
        nestVerdict = m -> new Verdict.Deferred(failing);
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        Await.until("answer deferred", () -> nest.statistics().deferredAnswers() == 1);
        failing.completeExceptionally(new IllegalStateException("disk full"));
        assertThat(failureOf(f)).isInstanceOfSatisfying(FrameRefusedException.class, r -> {
            assertThat(r.reason()).isEqualTo(NakReason.REFUSED);
            assertThat(r.detail()).contains("disk full");
        });

        nestVerdict = m -> new Verdict.Deferred(CompletableFuture.completedFuture(Verdict.busy("storage busy")));
        assertThat(failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.STOP))))
                .isInstanceOfSatisfying(FrameRefusedException.class, r -> {
                    assertThat(r.reason()).isEqualTo(NakReason.BUSY);
                    assertThat(r.detail()).isEqualTo("storage busy");
                });
        nestVerdict = m -> new Verdict.Deferred(CompletableFuture.completedFuture(
                new Verdict.Deferred(new CompletableFuture<>())));
        assertThat(failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.CLOSE))))
                .isInstanceOf(FrameRefusedException.class).hasMessageContaining("no verdict");
        assertThat(nest.statistics().deferredAnswers()).isEqualTo(3);
    }

    @Test
    void throwingHandler_isAnsweredRefused_andTheReaderKeepsWorking() throws Exception {
        connect();
        nestVerdict = m -> {
            throw new IllegalStateException("boom");
        };
        assertThat(failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN))))
                .isInstanceOf(FrameRefusedException.class).hasMessageContaining("boom");
        nestVerdict = m -> Verdict.accepted();
        assertThat(agent.send(NEST, new RoofCommand(RoofCommand.Action.STOP))).succeedsWithin(WAIT);
        assertThat(nest.statistics().handlerFailures()).isEqualTo(1);
    }

    @Test
    void noAnswerAtAll_failsWithTypedTimeout_afterAllRetries() throws Exception {
        connect();
        agentLink.outboundFault(chunk -> frameOf(chunk).filter(data(RoofCommand.TYPE)).isPresent() ? null : chunk);
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        for (int i = 0; i < EndpointConfig.DEFAULT_RETRIES; i++) {
            clock.advance(ACK);
            assertThat(f).as("after retry %d", i + 1).isNotDone();
        }
        clock.advance(ACK);
        assertThat(failureOf(f)).isInstanceOfSatisfying(FrameTimeoutException.class, e -> {
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e).hasMessageContaining("0x10").hasMessageContaining("ROOF_COMMAND")
                    .hasMessageContaining("after 4 attempts");
        });
        assertThat(agent.statistics().timedOut()).isEqualTo(1);
        assertThat(agent.statistics().retransmissions()).isEqualTo(3);
        assertThat(nestInbox).isEmpty();
    }

    @Test
    void noAnswerAtAll_theTimeoutIsHandedOffTheTimer_notCompletedByTheRetryTimer() throws Exception {
        connect();
        List<Runnable> handed = new ArrayList<>();
        clock.completeThrough(handed::add);   // held here: the sender's next stage must not run on the timer thread
        agentLink.outboundFault(chunk -> frameOf(chunk).filter(data(RoofCommand.TYPE)).isPresent() ? null : chunk);
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        for (int i = 0; i <= EndpointConfig.DEFAULT_RETRIES; i++) {
            clock.advance(ACK);
        }
        assertThat(agent.statistics().timedOut()).isEqualTo(1);
        assertThat(f).as("not completed by the timer task").isNotDone();
        assertThat(handed).hasSize(1);

        handed.forEach(Runnable::run);
        assertThat(failureOf(f)).isInstanceOf(FrameTimeoutException.class);
    }

    @Test
    void unknownType_isNakedUnknownType_andCounted() throws Exception {
        // the nest firmware is older: its catalogue lacks BAY_COMMAND
        nest = nestEndpoint(EndpointConfig.device(NEST, NEST_ID), new MessageCatalog(
                MessageCatalog.standard().types().stream().filter(t -> t != BayCommand.TYPE).toList()));
        agent = agentEndpoint();
        nest.start();
        agent.start();
        assertThat(agent.session(NEST)).succeedsWithin(WAIT);
        assertThat(failureOf(agent.send(NEST, new BayCommand(1, BayCommand.Action.CENTRING_CLAMP))))
                .isInstanceOfSatisfying(FrameRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(NakReason.UNKNOWN_TYPE));
        assertThat(nest.statistics().unknownTypes()).isEqualTo(1);
        assertThat(nestInbox).isEmpty();
    }

    @Test
    void malformedPayload_isNakedBadPayload_neverDelivered() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        raw.hello(NEST, AGENT, 0xAAAA, 1);
        // ROOF_STATE with position 150 %
        raw.send(Frame.data(NEST, AGENT, 2, RoofState.TYPE.id(), Bytes.bytes(0x02, 150, 0, 0, 0, 0), true));
        Frame answer = raw.answerTo(2);
        assertThat(answer.kind()).isEqualTo(FrameKind.NAK);
        Nak nak = Nak.decode(answer.payload());
        assertThat(nak.reason()).isEqualTo(NakReason.BAD_PAYLOAD);
        assertThat(nak.detail()).contains("position 150");
        assertThat(agentInbox).isEmpty();
        assertThat(agent.statistics().badPayloads()).isEqualTo(1);
    }

    @Test
    void garbageOnTheLine_isCounted_andNeverStopsTheReader() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + rnd.nextInt(2000)];
            rnd.nextBytes(noise);
            raw.sendRaw(noise);
        }
        raw.sendRaw(new byte[] {0});
        Frame answer = raw.hello(NEST, AGENT, 0xAAAA, 9);
        assertThat(answer.kind()).isEqualTo(FrameKind.ACK);
        assertThat(agent.frameErrors().total()).isPositive();
        assertThat(agentLink.counters().snapshot().frameErrors()).isEqualTo(agent.frameErrors().total());
        assertThat(agentInbox).isEmpty();
    }

    @Test
    void framesForOtherAddresses_areIgnored() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);
        raw.hello(NEST, AGENT, 0xAAAA, 1);
        byte[] payload = MessageCatalog.encode(new RoofCommand(RoofCommand.Action.OPEN));
        raw.send(Frame.data(NEST, 0x20, 3, RoofCommand.TYPE.id(), payload, true));
        raw.hello(NEST, AGENT, 0xAAAA, 4);  // a round trip, so the ignored frame was processed
        assertThat(agent.statistics().notForUs()).isEqualTo(1);
        assertThat(agentInbox).isEmpty();
    }

    @Test
    void telemetryWithoutAck_isDelivered_andNeverAnswered() throws Exception {
        connect();
        Weather w = new Weather(650, 1120, 2705, 25, -325, 8150, 10_132);
        nest.publish(AGENT, w);
        Await.until("weather delivered", () -> !agentInbox.isEmpty());
        assertThat(agentInbox.peek().message()).isEqualTo(w);
        assertThat(agentInbox.peek().ackRequested()).isFalse();
        assertThat(agent.statistics().acksSent()).isEqualTo(1);  // only the nest's HELLO
    }

    @Test
    void manyCommandsInFlight_allDeliveredInOrder() throws Exception {
        connect();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(agent.send(NEST, new BayCommand(1 + i % 4, BayCommand.Action.CHARGE_STOP)));
        }
        for (CompletableFuture<Delivery> f : futures) {
            assertThat(f).succeedsWithin(WAIT);
        }
        assertThat(nestInbox).extracting(m -> ((BayCommand) m.message()).bay())
                .containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4);
    }

    @Test
    void tooManyInFlight_failsFast() throws Exception {
        connect();
        agentLink.outboundFault(chunk -> frameOf(chunk).filter(data(RoofCommand.TYPE)).isPresent() ? null : chunk);
        int max = agent.config().maxInFlight();
        for (int i = 0; i < max; i++) {
            agent.send(NEST, new RoofCommand(RoofCommand.Action.STOP));
        }
        assertThat(failureOf(agent.send(NEST, new RoofCommand(RoofCommand.Action.STOP))))
                .isInstanceOf(SendQueueFullException.class);
    }

    @Test
    void linkDown_failsPendingSends_andReplugHandshakesAgain() throws Exception {
        connect();
        agentLink.outboundFault(chunk -> frameOf(chunk).filter(data(RoofCommand.TYPE)).isPresent() ? null : chunk);
        CompletableFuture<Delivery> f = agent.send(NEST, new RoofCommand(RoofCommand.Action.OPEN));
        agentLink.unplug();
        assertThat(failureOf(f)).isInstanceOf(LinkDownException.class);
        assertThat(agent.peerSession(NEST).phase()).isEqualTo(PeerSession.Phase.DOWN);
        agentLink.outboundFault(UnaryOperator.identity());
        agentLink.replug();
        assertThat(agent.session(NEST)).succeedsWithin(WAIT);
        assertThat(agent.send(NEST, new RoofCommand(RoofCommand.Action.CLOSE))).succeedsWithin(WAIT);
    }

    @Test
    void helloUnanswered_isRepeatedOnTheRetryInterval() {
        agent = agentEndpoint();
        agent.start();
        RawPeer raw = new RawPeer(nestLink);  // a silent device
        clock.advance(ACK);
        Frame first = raw.expect("retransmitted HELLO", data(Hello.TYPE));
        for (int i = 1; i <= EndpointConfig.DEFAULT_RETRIES; i++) {
            clock.advance(ACK);
        }
        assertThat(agent.peerSession(NEST).phase()).isEqualTo(PeerSession.Phase.HANDSHAKING);
        clock.advance(agent.config().helloRetryInterval());
        // repeats of the first HELLO may still be in flight: the new one has a new sequence number
        Frame hello = raw.expect("HELLO again", data(Hello.TYPE).and(f -> f.sequence() != first.sequence()));
        raw.send(Frame.ackFor(hello, HelloAck.TYPE.id(),
                MessageCatalog.encode(new HelloAck(1, RawPeer.nestIdentity(5)))));
        assertThat(agent.session(NEST)).succeedsWithin(WAIT);
    }

    @Test
    void sessionListener_seesEstablishedPeer() throws Exception {
        List<PeerSession> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FrameEndpoint a = new FrameEndpoint(agentLink, clock, EndpointConfig.agent(AGENT_ID, NEST),
                new MessageHandler() {
                    @Override
                    public Verdict onMessage(Inbound message) {
                        return Verdict.accepted();
                    }

                    @Override
                    public void onSession(PeerSession session) {
                        seen.add(session);
                    }
                });
        closeables.add(a);
        nest = nestEndpoint(EndpointConfig.device(NEST, NEST_ID), MessageCatalog.standard());
        nest.start();
        a.start();
        Await.until("established reported", () -> seen.stream().anyMatch(PeerSession::isEstablished));
        assertThat(seen.getLast().identity()).contains(NEST_ID);
    }

    @Test
    void sessionMessages_cannotBeSentByCallers() throws Exception {
        connect();
        assertThatThrownBy(() -> agent.send(NEST, new Hello(1, 1, AGENT_ID)))
                .isInstanceOf(IllegalArgumentException.class);
        StationMessage any = new RoofCommand(RoofCommand.Action.OPEN);
        assertThatThrownBy(() -> agent.send(Frame.BROADCAST, any)).isInstanceOf(IllegalArgumentException.class);
    }
}

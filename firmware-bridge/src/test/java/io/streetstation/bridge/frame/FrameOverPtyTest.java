package io.streetstation.bridge.frame;

import static io.streetstation.bridge.frame.FrameEndpointTest.AGENT_ID;
import static io.streetstation.bridge.frame.FrameEndpointTest.NEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.frame.msg.RoofCommand;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.link.ChunkFault;
import io.streetstation.bridge.link.SerialConfig;
import io.streetstation.bridge.link.SerialLink;
import io.streetstation.bridge.link.VirtualSerialCable;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import io.streetstation.bridge.link.LinkCounters;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame endpoint on the production serial path: the agent on a jssc {@link SerialLink}, a
 * device endpoint on the far end of a real pseudo-terminal pair, bytes lost or doubled on the wire.
 */
class FrameOverPtyTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final List<RoofCommand> executed = new CopyOnWriteArrayList<>();
    private VirtualSerialCable cable;
    private FrameEndpoint nest;
    private FrameEndpoint agent;

    @BeforeEach
    void connect() throws Exception {
        cable = VirtualSerialCable.plugIn("rs485", dir, clock);
        nest = new FrameEndpoint(cable.deviceEnd(), clock, EndpointConfig.device(StationAddress.NEST, NEST_ID), in -> {
            if (in.message() instanceof RoofCommand c) {
                executed.add(c);
            }
            return Verdict.ACCEPTED;
        });
        nest.start();
        agent = new FrameEndpoint(new SerialLink("rs485", SerialConfig.of(cable.path().toString()), clock), clock,
                EndpointConfig.agent(AGENT_ID, StationAddress.NEST), in -> Verdict.ACCEPTED);
        agent.start();
        // the first greeting may go out before the serial link is open: the retry interval repeats it
        Await.until("session over the pty", () -> {
            if (!agent.peerSession(StationAddress.NEST).isEstablished()) {
                clock.advance(Duration.ofMillis(200));
            }
            return agent.peerSession(StationAddress.NEST).isEstablished();
        });
        // and no greeting of either side still waiting for its answer: a test that advances the
        // clock must see only its own retransmissions, not a late HELLO's
        Await.until("no greeting pending", () -> {
            boolean settled = settled(agent) && settled(nest);
            if (!settled) {
                clock.advance(Duration.ofMillis(200));
            }
            return settled;
        });
    }

    /** Every reliable send answered or given up: nothing left to retransmit. */
    private static boolean settled(FrameEndpoint e) {
        EndpointStatistics s = e.statistics();
        return s.sent() == s.acked() + s.nakedByPeer() + s.timedOut();
    }

    @AfterEach
    void close() throws Exception {
        agent.close();
        nest.close();
        cable.close();
    }

    /** The frames in one written chunk (an endpoint writes one frame per write). */
    private static List<Frame> frames(byte[] chunk) {
        List<Frame> out = new ArrayList<>();
        new FrameParser(new LinkCounters(), r -> {
            if (r instanceof ParseResult.Parsed p) {
                out.add(p.frame());
            }
        }).accept(chunk, 0, chunk.length);
        return out;
    }

    /** Applies {@code fault} to the first chunk carrying a frame that matches, and to nothing else. */
    private static ChunkFault first(Predicate<Frame> match, ChunkFault fault) {
        AtomicBoolean done = new AtomicBoolean();
        return chunk -> !done.get() && frames(chunk).stream().anyMatch(match) && done.compareAndSet(false, true)
                ? fault.apply(chunk) : chunk;
    }

    private static ChunkFault dropFirst(Predicate<Frame> match) {
        return first(match, ChunkFault.drop());
    }

    private static ChunkFault corruptFirst(Predicate<Frame> match) {
        return first(match, ChunkFault.corrupt(5, 0x40));
    }

    private static ChunkFault duplicateFirst(Predicate<Frame> match) {
        return first(match, ChunkFault.duplicate());
    }

    @Test
    void request_isAcked_andExecutedOnce() throws Exception {
        assertThat(agent.send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.OPEN))).succeedsWithin(Duration.ofSeconds(5));
        assertThat(executed).containsExactly(new RoofCommand(RoofCommand.Action.OPEN));
    }

    @Test
    void lostAck_isRetransmitted_theDuplicateIsSuppressed_andReAcked() throws Exception {
        // the handshake may itself have needed a retransmission (first HELLO before the port was open)
        long retransmissionsBefore = agent.statistics().retransmissions();
        long duplicatesBefore = nest.statistics().duplicates();
        cable.outboundFault(dropFirst(fr -> fr.kind() == FrameKind.ACK && fr.type() == RoofCommand.TYPE.id()));   // the nest's ACK is lost
        var f = agent.send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.CLOSE));
        Await.until("command executed", () -> executed.size() == 1);
        assertThat(f).isNotDone();

        clock.advance(EndpointConfig.DEFAULT_ACK_TIMEOUT);   // agent retransmits

        assertThat(f).succeedsWithin(Duration.ofSeconds(5));
        assertThat(executed).as("executed once although received twice").hasSize(1);
        assertThat(nest.statistics().duplicates() - duplicatesBefore).isEqualTo(1);
        assertThat(agent.statistics().retransmissions() - retransmissionsBefore).isEqualTo(1);
    }

    @Test
    void corruptedAck_isCountedAsABadFrame_andTheRetransmissionIsAcked_withoutExecutingTwice() throws Exception {
        var f = agent.send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.STOP));
        Await.until("first attempt executed", () -> executed.size() == 1);
        assertThat(f).succeedsWithin(Duration.ofSeconds(5));

        cable.outboundFault(corruptFirst(fr -> fr.kind() == FrameKind.ACK && fr.type() == RoofCommand.TYPE.id()));   // the next ACK arrives with a bad CRC
        var g = agent.send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.OPEN));
        Await.until("second command executed", () -> executed.size() == 2);
        clock.advance(EndpointConfig.DEFAULT_ACK_TIMEOUT);
        assertThat(g).succeedsWithin(Duration.ofSeconds(5));
        assertThat(executed).as("the retransmitted OPEN was a duplicate: re-ACKed, not executed").hasSize(2);
        assertThat(agent.frameErrors().total()).as("the corrupted ACK was counted").isEqualTo(1);
    }

    @Test
    void duplicatedTelemetry_isDeliveredOnce() throws Exception {
        List<RoofState> seen = new CopyOnWriteArrayList<>();
        agent.close();
        agent = new FrameEndpoint(new SerialLink("rs485-2", SerialConfig.of(cable.path().toString()), clock), clock,
                EndpointConfig.agent(AGENT_ID, StationAddress.NEST), in -> {
                    if (in.message() instanceof RoofState r) {
                        seen.add(r);
                    }
                    return Verdict.ACCEPTED;
                });
        agent.start();
        Await.until("session again", () -> {
            if (!agent.peerSession(StationAddress.NEST).isEstablished()) {
                clock.advance(Duration.ofMillis(200));
            }
            return agent.peerSession(StationAddress.NEST).isEstablished();
        });

        long duplicatesBefore = agent.statistics().duplicates();
        cable.outboundFault(duplicateFirst(fr -> fr.type() == RoofState.TYPE.id()));
        nest.send(StationAddress.AGENT, new RoofState(RoofState.Phase.OPENING, 12, 2400, 0)).get(5, TimeUnit.SECONDS);

        Await.until("state delivered", () -> seen.size() == 1);
        Await.until("duplicate counted", () -> agent.statistics().duplicates() - duplicatesBefore == 1);
        assertThat(seen).hasSize(1);
    }
}

package io.streetstation.bridge.frame;

import static org.assertj.core.api.Assertions.fail;

import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.Hello;
import io.streetstation.bridge.frame.msg.MessageCatalog;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.link.LinkDownException;
import io.streetstation.bridge.link.LinkListener;
import io.streetstation.bridge.link.MemoryLink;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A scripted peer for endpoint tests: writes exactly the frames (or bytes) a test chooses, with
 * any sequence number, and collects what it receives. Plays a misbehaving or rebooting device.
 */
final class RawPeer implements LinkListener {

    private final MemoryLink link;
    private final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final FrameParser parser;

    RawPeer(MemoryLink link) {
        this.link = link;
        this.parser = new FrameParser(link.counters(), r -> {
            if (r instanceof ParseResult.Parsed p) {
                received.add(p.frame());
            }
        });
        link.start(this);
    }

    @Override
    public void onBytes(byte[] buffer, int off, int len) {
        parser.accept(buffer, off, len);
    }

    void send(Frame f) {
        sendRaw(FrameCodec.encode(f));
    }

    void sendRaw(byte[] bytes) {
        try {
            link.write(bytes);
        } catch (LinkDownException e) {
            throw new AssertionError(e);
        }
    }

    /** The next received frame matching {@code what}; others are skipped. */
    Frame expect(String description, Predicate<Frame> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            Frame f;
            try {
                f = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + description);
            }
            if (f == null) {
                return fail("no " + description + " within 5 s");
            }
            if (what.test(f)) {
                return f;
            }
        }
    }

    /** The answer (ACK or NAK) to our frame {@code seq}. */
    Frame answerTo(int seq) {
        return expect("answer to seq " + seq, f -> f.kind() != FrameKind.DATA && f.sequence() == seq);
    }

    static PeerIdentity nestIdentity(long bootId) {
        return new PeerIdentity(Role.DEVICE, DeviceKind.NEST_CONTROLLER, bootId,
                new FirmwareVersion(2, 0, 17), 0x7, "NC-RAW");
    }

    /** Greets {@code agent} as {@code self} and waits for HELLO_ACK. */
    Frame hello(int self, int agent, long bootId, int seq) {
        byte[] payload = MessageCatalog.encode(new Hello(1, 1, nestIdentity(bootId)));
        send(Frame.data(self, agent, seq, Hello.TYPE.id(), payload, true));
        return answerTo(seq);
    }

    void clear() {
        received.clear();
    }
}

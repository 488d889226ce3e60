package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.streetstation.bridge.link.SerialConfig.BaudRate;
import io.streetstation.bridge.link.SerialConfig.DataBits;
import io.streetstation.bridge.link.SerialConfig.Parity;
import io.streetstation.bridge.link.SerialConfig.StopBits;
import io.streetstation.bridge.time.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * {@link SerialLink} over a {@link VirtualSerialCable}: jssc on one side of a real pty, the
 * simulator's device end on the other, as the virtual rig runs them.
 */
class SerialLinkOverCableTest {

    private static final TaggedLogger LOG = Logger.tag("link-test");
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Links first, then cables: a cable pulled under a live link would log a (handled) loss. */
    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            if (c instanceof Link) {
                c.close();
            }
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private VirtualSerialCable cable(String name) throws IOException {
        VirtualSerialCable c = VirtualSerialCable.plugIn(name, dir, clock);
        toClose.add(c);
        return c;
    }

    private SerialLink agent(String name, SerialConfig config) {
        SerialLink l = new SerialLink(name, config, clock);
        toClose.add(l);
        return l;
    }

    private static Duration awaitState(Link link, LinkState state, Duration timeout) {
        return Await.until(timeout, () -> link.status().state() == state,
                () -> link.name() + " should be " + state + " but is " + link.status());
    }

    private static void awaitBytes(RecordingListener l, byte[] expected, String what) {
        Await.until(Duration.ofSeconds(5), () -> l.byteCount() >= expected.length,
                () -> what + ": got " + l.byteCount() + " of " + expected.length + " bytes");
        assertThat(l.bytes()).as(what).isEqualTo(expected);
    }

    @Test
    void megabyte_eachWay_arrivesIntactAndInOrder() throws Exception {
        VirtualSerialCable cable = cable("bulk");
        SerialLink link = agent("bulk", SerialConfig.of(cable.path().toString()));
        RecordingListener agentSide = new RecordingListener();
        RecordingListener deviceSide = new RecordingListener();
        cable.deviceEnd().start(deviceSide);
        link.start(agentSide);
        awaitState(link, LinkState.UP, UP_TIMEOUT);
        byte[] megabyte = new byte[1 << 20];
        new Random(42).nextBytes(megabyte);

        long t0 = System.nanoTime();
        for (int off = 0; off < megabyte.length; off += 4096) {
            link.write(megabyte, off, 4096);
        }
        awaitBytes(deviceSide, megabyte, "agent -> device");
        double agentToDevice = mbPerSecond(megabyte.length, System.nanoTime() - t0);

        long t1 = System.nanoTime();
        for (int off = 0; off < megabyte.length; off += 4096) {
            cable.deviceEnd().write(megabyte, off, 4096);
        }
        awaitBytes(agentSide, megabyte, "device -> agent");
        double deviceToAgent = mbPerSecond(megabyte.length, System.nanoTime() - t1);

        LOG.info("throughput through the pty: agent->device {} MB/s, device->agent {} MB/s",
                String.format("%.1f", agentToDevice), String.format("%.1f", deviceToAgent));
        assertThat(link.counters().snapshot().bytesOut()).isEqualTo(megabyte.length);
        assertThat(link.counters().snapshot().bytesIn()).isEqualTo(megabyte.length);
        assertThat(agentSide.threads()).containsExactly("link-bulk");
        assertThat(deviceSide.threads()).containsExactly("link-bulk-device");
    }

    private static double mbPerSecond(int bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    @Test
    void concurrentWriters_neverInterleaveTheirChunks() throws Exception {
        VirtualSerialCable cable = cable("mux");
        SerialLink link = agent("mux", SerialConfig.of(cable.path().toString()));
        RecordingListener deviceSide = new RecordingListener();
        cable.deviceEnd().start(deviceSide);
        link.start(new RecordingListener());
        awaitState(link, LinkState.UP, UP_TIMEOUT);
        int writers = 4;
        int chunks = 250;
        int chunkBytes = 256;
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            byte id = (byte) (w + 1);
            threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                try {
                    go.await();
                    for (int seq = 0; seq < chunks; seq++) {
                        byte[] chunk = new byte[chunkBytes];
                        Arrays.fill(chunk, id);
                        chunk[1] = (byte) (seq >> 8);
                        chunk[2] = (byte) seq;
                        link.write(chunk);
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        int total = writers * chunks * chunkBytes;
        Await.until(Duration.ofSeconds(5), () -> deviceSide.byteCount() >= total,
                () -> "got " + deviceSide.byteCount() + " of " + total);

        byte[] got = deviceSide.bytes();
        assertThat(got).hasSize(total);
        int[] nextSeq = new int[writers + 1];
        for (int off = 0; off < got.length; off += chunkBytes) {
            byte id = got[off];
            int seq = (got[off + 1] & 0xff) << 8 | (got[off + 2] & 0xff);
            assertThat(id).as("writer id at %d", off).isBetween((byte) 1, (byte) writers);
            assertThat(seq).as("sequence of writer %d at %d", id, off).isEqualTo(nextSeq[id]++);
            for (int i = 3; i < chunkBytes; i++) {
                assertThat(got[off + i]).as("byte %d of the chunk at %d (interleaved?)", i, off).isEqualTo(id);
            }
        }
    }

    @Test
    void nonDefaultFraming_onPty_opensAlthoughSetParamsReturnsFalse() throws Exception {
        VirtualSerialCable cable = cable("framing");
        SerialConfig config = SerialConfig.of(cable.path().toString())
                .withBaud(BaudRate.B57600)
                .withFraming(DataBits.SEVEN, Parity.EVEN, StopBits.TWO);
        SerialLink link = agent("framing", config);
        link.start(new RecordingListener());

        awaitState(link, LinkState.UP, UP_TIMEOUT);

        assertThat(link.status().detail()).contains(cable.path().toString(), "/dev/pts/", "57600 7E2");
        Memory termios = new Memory(Libc.TERMIOS_BYTES);
        int fd = Libc.get().open(cable.devicePath().orElseThrow().toString(), Libc.O_RDWR | Libc.O_NOCTTY);
        assertThat(fd).as("open slave").isNotNegative();
        try {
            assertThat(Libc.get().tcgetattr(fd, termios)).isZero();
        } finally {
            Libc.get().close(fd);
        }
        int cflag = termios.getInt(Libc.TERMIOS_CFLAG_OFFSET);
        assertThat(Libc.get().cfgetospeed(termios)).isEqualTo(BaudRate.B57600.termiosCode());
        assertThat(cflag & Libc.CSTOPB).as("2 stop bits").isEqualTo(Libc.CSTOPB);
        // Linux's pty driver forces CS8 and clears PARENB on every tcsetattr: nothing to frame
        assertThat(cflag & Libc.CSIZE).as("CS8 forced by the pty driver").isEqualTo(0x30);
        assertThat(cflag & Libc.PARENB).as("no parity, forced by the pty driver").isZero();
        assertThat(LogCapture.mentioning("link-framing"))
                .anySatisfy(e -> {
                    assertThat(e.level()).isEqualTo(Level.DEBUG);
                    assertThat(e.message()).contains("setParams returned false", "pseudo-terminal");
                });
        // the driver was asked for low latency; a pty has no serial settings, and nothing warns about it
        assertThat(LogCapture.mentioning("link-framing"))
                .anySatisfy(e -> {
                    assertThat(e.level()).isEqualTo(Level.DEBUG);
                    assertThat(e.message()).contains("low_latency", "not a port with serial settings");
                })
                .noneMatch(e -> e.level().ordinal() >= Level.WARN.ordinal());
    }

    @Test
    void unplug_isDownPromptly_andReplug_isUpWithinTwoSeconds_andBytesFlowAgain() throws Exception {
        VirtualSerialCable cable = cable("nest");
        SerialLink link = agent("nest", SerialConfig.of(cable.path().toString()));
        RecordingListener agentSide = new RecordingListener();
        RecordingListener deviceSide = new RecordingListener();
        cable.deviceEnd().start(deviceSide);
        link.start(agentSide);
        awaitState(link, LinkState.UP, UP_TIMEOUT);
        link.write(bytes("ping"));
        awaitBytes(deviceSide, bytes("ping"), "before unplug");
        String oldSlave = cable.devicePath().orElseThrow().toString();

        cable.unplug();
        Duration downAfter = awaitState(link, LinkState.DOWN, Duration.ofMillis(500));

        assertThat(link.status().detail()).contains(oldSlave).containsAnyOf("hung up", "failed", "vanished");
        assertThatThrownBy(() -> link.write(bytes("lost"))).isInstanceOf(LinkDownException.class)
                .hasMessageContaining("nest").hasMessageContaining("DOWN");
        assertThatThrownBy(() -> cable.deviceEnd().write(bytes("lost"))).isInstanceOf(LinkDownException.class);
        Await.until(Duration.ofSeconds(2), () -> link.status().detail().contains("not found"),
                () -> "the link should be retrying the missing path, detail: " + link.status().detail());
        // the device stays away long enough for the backoff to reach its 1 s cap: the worst case
        Thread.sleep(1200);

        cable.replug();
        Duration upAfter = awaitState(link, LinkState.UP, Duration.ofSeconds(2));

        LOG.info("unplug -> DOWN in {} ms; replug -> UP in {} ms", downAfter.toMillis(), upAfter.toMillis());
        assertThat(upAfter).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(cable.devicePath()).isPresent();
        LinkCounters.Snapshot counters = link.counters().snapshot();
        assertThat(counters.reconnects()).isEqualTo(1);
        assertThat(counters.ioErrors()).isGreaterThanOrEqualTo(1);

        agentSide.clearBytes();
        deviceSide.clearBytes();
        link.write(bytes("again"));
        cable.deviceEnd().write(bytes("pong"));
        awaitBytes(deviceSide, bytes("again"), "agent -> device after replug");
        awaitBytes(agentSide, bytes("pong"), "device -> agent after replug");

        assertThat(agentSide.states()).containsSubsequence(LinkState.UP, LinkState.DOWN, LinkState.UP);
        Await.until(Duration.ofSeconds(1), () -> deviceSide.states().size() >= 3,
                () -> "device end statuses: " + deviceSide.states());
        assertThat(deviceSide.states()).containsExactly(LinkState.UP, LinkState.DOWN, LinkState.UP);
        assertThat(cable.deviceEnd().counters().snapshot().reconnects()).isEqualTo(1);
        assertThat(agentSide.threads()).containsExactly("link-nest");
        assertThat(deviceSide.threads()).containsExactly("link-nest-device");
    }

    @Test
    void missingDevice_atStart_isDownWithClearDetail_thenUpWhenTheCableAppears() throws Exception {
        Path path = dir.resolve("rack");
        SerialLink link = agent("rack", SerialConfig.of(path.toString()));
        RecordingListener agentSide = new RecordingListener();
        link.start(agentSide);

        awaitState(link, LinkState.DOWN, Duration.ofSeconds(1));
        assertThat(link.status().detail()).isEqualTo(path + " not found");
        assertThatThrownBy(() -> link.write(bytes("x"))).isInstanceOf(LinkDownException.class)
                .hasMessageContaining(path + " not found");

        VirtualSerialCable cable = cable("rack");
        Duration upAfter = awaitState(link, LinkState.UP, Duration.ofSeconds(2));

        LOG.info("cable appeared -> UP in {} ms", upAfter.toMillis());
        // status() flips before the listener hears of it: wait for the listener, don't race it
        Await.until(Duration.ofSeconds(1), () -> {
            List<LinkState> seen = agentSide.states();
            return !seen.isEmpty() && seen.get(seen.size() - 1) == LinkState.UP;
        }, () -> "listener heard " + agentSide.states());
        assertThat(agentSide.states()).startsWith(LinkState.DOWN).endsWith(LinkState.UP);
        assertThat(link.counters().snapshot().reconnects()).as("a first open is no reconnect").isZero();
        RecordingListener deviceSide = new RecordingListener();
        cable.deviceEnd().start(deviceSide);
        link.write(bytes("hello rack"));
        awaitBytes(deviceSide, bytes("hello rack"), "after late plug-in");
    }

    @Test
    void close_whileTheReaderWaitsForInput_isACleanStop() throws Exception {
        VirtualSerialCable cable = cable("quiet");
        SerialLink link = agent("quiet", SerialConfig.of(cable.path().toString()));
        RecordingListener agentSide = new RecordingListener();
        link.start(agentSide);
        awaitState(link, LinkState.UP, UP_TIMEOUT);

        long t0 = System.nanoTime();
        link.close();
        Duration closeTook = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(closeTook).isLessThan(Duration.ofMillis(500));
        assertThat(link.status().state()).isEqualTo(LinkState.CLOSED);
        assertThat(agentSide.states()).endsWith(LinkState.CLOSED);
        assertThat(liveThreads("link-quiet")).isEmpty();
        assertThat(LogCapture.mentioning("link-quiet"))
                .noneMatch(e -> e.level().ordinal() >= Level.WARN.ordinal() || e.exception() != null);
        link.close();
        assertThat(agentSide.states()).filteredOn(s -> s == LinkState.CLOSED).hasSize(1);
        assertThatThrownBy(() -> link.write(bytes("x"))).isInstanceOf(LinkDownException.class);
        assertThatThrownBy(() -> link.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
        assertThat(Files.exists(cable.devicePath().orElseThrow())).as("the cable is untouched").isTrue();
    }

    @Test
    void faults_onDeviceOutput_areSeenByTheAgent() throws Exception {
        VirtualSerialCable cable = cable("noisy");
        SerialLink link = agent("noisy", SerialConfig.of(cable.path().toString()));
        RecordingListener agentSide = new RecordingListener();
        link.start(agentSide);
        awaitState(link, LinkState.UP, UP_TIMEOUT);
        Link device = cable.deviceEnd();

        cable.outboundFault(ChunkFault.once(ChunkFault.drop()));
        device.write(bytes("AAAA"));
        device.write(bytes("BBBB"));
        cable.outboundFault(ChunkFault.once(ChunkFault.corrupt(0, 0x01)));
        device.write(new byte[] {0x10, 0x20});
        cable.outboundFault(ChunkFault.once(ChunkFault.duplicate()));
        device.write(bytes("CD"));
        cable.outboundFault(ChunkFault.drop());
        cable.writeRaw(new byte[] {(byte) 0xC0, 0x00, (byte) 0xFF});
        device.write(bytes("gone"));

        byte[] expected = concat(bytes("BBBB"), new byte[] {0x11, 0x20}, bytes("CDCD"),
                new byte[] {(byte) 0xC0, 0x00, (byte) 0xFF});
        awaitBytes(agentSide, expected, "faulted stream");
        assertThat(device.counters().snapshot().bytesOut()).as("what the simulator meant to send")
                .isEqualTo(4 + 4 + 2 + 2 + 3 + 4);
    }

    @Test
    void agentReopens_afterItsOwnClose_andTheDeviceEndKeepsServing() throws Exception {
        VirtualSerialCable cable = cable("robot");
        RecordingListener deviceSide = new RecordingListener();
        cable.deviceEnd().start(deviceSide);
        SerialLink first = agent("robot-1", SerialConfig.of(cable.path().toString()));
        first.start(new RecordingListener());
        awaitState(first, LinkState.UP, UP_TIMEOUT);
        first.write(bytes("one"));
        awaitBytes(deviceSide, bytes("one"), "first session");
        first.close();

        SerialLink second = agent("robot-2", SerialConfig.of(cable.path().toString()));
        RecordingListener agentSide = new RecordingListener();
        second.start(agentSide);
        awaitState(second, LinkState.UP, UP_TIMEOUT);
        second.write(bytes("two"));
        cable.deviceEnd().write(bytes("ack"));

        awaitBytes(deviceSide, bytes("onetwo"), "second session");
        awaitBytes(agentSide, bytes("ack"), "device -> second session");
        assertThat(cable.deviceEnd().status().state()).isEqualTo(LinkState.UP);
    }

    @Test
    void closingLinksAndCables_leavesNoReaderThreads() throws Exception {
        List<SerialLink> links = new ArrayList<>();
        List<VirtualSerialCable> cables = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            VirtualSerialCable cable = cable("leak-" + i);
            cable.deviceEnd().start(new RecordingListener());
            SerialLink link = agent("leak-" + i, SerialConfig.of(cable.path().toString()));
            link.start(new RecordingListener());
            links.add(link);
            cables.add(cable);
        }
        for (SerialLink link : links) {
            awaitState(link, LinkState.UP, UP_TIMEOUT);
        }
        assertThat(liveThreads("link-leak-")).hasSize(6);

        links.forEach(SerialLink::close);
        cables.forEach(VirtualSerialCable::close);

        assertThat(liveThreads("link-leak-")).isEmpty();
        assertThat(cables).allSatisfy(c -> {
            assertThat(c.isPlugged()).isFalse();
            assertThat(Files.exists(c.path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(c.deviceEnd().status().state()).isEqualTo(LinkState.CLOSED);
        });
    }

    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }
}

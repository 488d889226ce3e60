package io.streetstation.bridge.link;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.streetstation.bridge.time.StationClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A serial cable between a simulated device and the agent, made of a real pseudo-terminal pair.
 *
 * <pre>
 *   simulator ── deviceEnd() (Link on the pty master) ══ kernel pty ══ slave /dev/pts/N
 *                                                                        ▲
 *                                          &lt;dir&gt;/&lt;name&gt; (symlink) ─────┘  ◀── SerialLink (jssc), as on hardware
 * </pre>
 *
 * <p>The agent side opens {@link #path()} with a {@link SerialLink}, exactly as it opens a
 * {@code /dev/serial/by-id/...} link on the board: a replugged pty gets a new number, so the stable
 * name is a symlink that follows it, as udev's is.
 *
 * <p>{@link #unplug()} closes the master: the kernel hangs up the slave, its node disappears, and
 * the agent's link sees what a pulled USB adapter looks like. {@link #replug()} makes a new pair
 * and points the symlink at it. The simulator's {@link #deviceEnd()} is one {@link Link} for the
 * cable's life: it reports DOWN while unplugged and UP again after a replug, and keeps its listener.
 *
 * <p>The cable holds the slave open itself, once, from plug-in to unplug. That keeps the slave's
 * termios raw before and between the agent's opens (on Linux a pty's termios outlive the opener
 * while the master is open, and a cooked slave would echo the simulator's bytes back to it), and it
 * keeps the master readable: with no slave open, reads on the master fail with EIO and
 * {@code poll()} reports POLLHUP continuously. The device end's reader still treats that as "no
 * device attached yet" and backs off 20 ms rather than failing. The price: bytes the simulator
 * writes while no agent has the port open wait in the slave's input queue (about 15 KiB on
 * Linux 6.x, much as a real adapter buffers) and reach the next opener.
 *
 * <p>The simulator's writes never block for long: the master is non-blocking, a write waits for
 * the agent to drain the pty for at most {@code writeStall} (default 1 s) and then drops the rest
 * with a WARN, as a UART transmits whether or not anyone listens.
 *
 * <p>Linux only (posix_openpt through JNA); no socat or other OS packages.
 */
public final class VirtualSerialCable implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("link");

    /** Back-off of the device end's reader while unplugged or while no slave is open, ms. */
    private static final long IDLE_WAIT_MILLIS = 20;
    /** Longest wait of the device end's reader in one poll of the master; bounds close, ms. */
    private static final int POLL_MILLIS = 50;
    private static final int READ_BUFFER_BYTES = 4096;

    private final String name;
    private final Path link;
    private final Duration writeStall;
    private final StationClock clock;
    private final DeviceEnd deviceEnd;
    private final Object plugLock = new Object();

    private volatile Pty pty;
    private volatile ChunkFault fault = ChunkFault.NONE;
    private boolean closed;

    private VirtualSerialCable(String name, Path directory, Duration writeStall, StationClock clock) {
        this.name = name;
        this.link = directory.toAbsolutePath().resolve(name);
        this.writeStall = writeStall;
        this.clock = clock;
        this.deviceEnd = new DeviceEnd();
    }

    /**
     * Makes a cable and plugs it in: {@code <directory>/<name>} then points at a fresh pty slave.
     *
     * @param name device name, also the symlink's file name ("nest")
     * @param directory where the symlink lives, e.g. a test's temp dir; created if missing
     * @param clock time base of the device end's status timestamps
     * @throws IOException if the pty pair or the symlink cannot be made
     * @throws UnsupportedOperationException off Linux
     */
    public static VirtualSerialCable plugIn(String name, Path directory, StationClock clock) throws IOException {
        return plugIn(name, directory, Duration.ofSeconds(1), clock);
    }

    /** @param writeStall longest wait for the agent to drain the pty in one write, 1 ms..60 s */
    public static VirtualSerialCable plugIn(String name, Path directory, Duration writeStall, StationClock clock)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(writeStall, "writeStall");
        Objects.requireNonNull(clock, "clock");
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("cable name must be a plain file name ([A-Za-z0-9._-], "
                    + "not starting with '.'), was \"" + name + "\"");
        }
        if (writeStall.compareTo(Duration.ofMillis(1)) < 0 || writeStall.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("writeStall must be within 1 ms..60 s, was " + writeStall.toMillis() + " ms");
        }
        Files.createDirectories(directory);
        VirtualSerialCable cable = new VirtualSerialCable(name, directory, writeStall, clock);
        cable.replug();
        return cable;
    }

    /** The stable path the agent opens ({@code <directory>/<name>}); absent while unplugged. */
    public Path path() {
        return link;
    }

    /** The pty slave the symlink points at now ({@code /dev/pts/N}), empty while unplugged. */
    public Optional<Path> devicePath() {
        Pty p = pty;
        return p == null ? Optional.empty() : Optional.of(Path.of(p.slavePath()));
    }

    public boolean isPlugged() {
        return pty != null;
    }

    /** The simulator's end: a {@link Link} on the pty master, the same object for the cable's life. */
    public Link deviceEnd() {
        return deviceEnd;
    }

    /** Applied to every chunk the device end writes from now on; {@link ChunkFault#NONE} to stop. */
    public void outboundFault(ChunkFault f) {
        this.fault = Objects.requireNonNull(f, "fault");
    }

    /**
     * Puts {@code bytes} on the wire as they are, bypassing the outbound fault: truncated frames,
     * garbage, a break in the middle of a frame.
     *
     * @throws LinkDownException while unplugged
     */
    public void writeRaw(byte[] bytes) throws LinkDownException {
        deviceEnd.send(bytes.clone(), false);
    }

    /**
     * Pulls the cable: removes the symlink, then closes the master so that the kernel hangs up
     * the slave (the agent's reads end, its writes fail with EIO, {@code /dev/pts/N} disappears).
     * Does nothing if already unplugged.
     */
    public void unplug() {
        synchronized (plugLock) {
            Pty p = pty;
            if (p == null) {
                return;
            }
            pty = null;
            try {
                Files.deleteIfExists(link);
            } catch (IOException e) {
                LOG.warn("{}: could not remove {}: {}", name, link, e.toString());
            }
            p.release();
            deviceEnd.wake();
            LOG.info("{}: cable unplugged ({} gone)", name, p.slavePath());
            deviceEnd.plugChanged(LinkState.DOWN, "unplugged from " + p.slavePath());
        }
    }

    /**
     * Plugs the cable in again: a fresh pty pair, slave in raw mode, symlink pointed at it
     * atomically. Does nothing if plugged in.
     *
     * @throws IOException if the pty pair or the symlink cannot be made (the cable stays unplugged)
     * @throws IllegalStateException after {@link #close()}
     */
    public void replug() throws IOException {
        synchronized (plugLock) {
            if (closed) {
                throw new IllegalStateException(name + ": cable closed");
            }
            if (pty != null) {
                return;
            }
            Pty p = Pty.open();
            try {
                Path partial = link.resolveSibling("." + name + ".plugging");
                Files.deleteIfExists(partial);
                Files.createSymbolicLink(partial, Path.of(p.slavePath()));
                Files.move(partial, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                p.release();
                throw e;
            }
            pty = p;
            LOG.info("{}: cable plugged in: {} -> {}", name, link, p.slavePath());
            deviceEnd.plugChanged(LinkState.UP, "plugged in at " + p.slavePath());
        }
    }

    /** Closes the device end and unplugs for good. Idempotent. */
    @Override
    public void close() {
        synchronized (plugLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        deviceEnd.close();
        unplug();
    }

    @Override
    public String toString() {
        Pty p = pty;
        return "VirtualSerialCable[" + name + " " + link + " -> " + (p == null ? "unplugged" : p.slavePath()) + "]";
    }

    /**
     * One pty pair. The master and the cable's own slave handle live until {@link #release()};
     * reads and writes of the master happen under this object's monitor, so a descriptor is never
     * used after it was closed (and possibly reused for another file).
     */
    private static final class Pty {
        private final int master;
        private final int slaveKeeper;
        private final String slavePath;
        private boolean released;

        private Pty(int master, int slaveKeeper, String slavePath) {
            this.master = master;
            this.slaveKeeper = slaveKeeper;
            this.slavePath = slavePath;
        }

        static Pty open() throws IOException {
            Libc libc = Libc.get();
            int master = libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (master < 0) {
                throw new IOException("posix_openpt failed: " + Libc.lastError());
            }
            int slave = -1;
            try {
                if (libc.grantpt(master) != 0) {
                    throw new IOException("grantpt failed: " + Libc.lastError());
                }
                if (libc.unlockpt(master) != 0) {
                    throw new IOException("unlockpt failed: " + Libc.lastError());
                }
                byte[] nameBuffer = new byte[128];
                int err = libc.ptsname_r(master, nameBuffer, new NativeLong(nameBuffer.length));
                if (err != 0) {
                    throw new IOException("ptsname_r failed: " + libc.strerror(err) + " (errno " + err + ")");
                }
                String slavePath = Native.toString(nameBuffer);
                slave = libc.open(slavePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
                if (slave < 0) {
                    throw new IOException("open " + slavePath + " failed: " + Libc.lastError());
                }
                Memory termios = new Memory(Libc.TERMIOS_BYTES);
                termios.clear();
                if (libc.tcgetattr(slave, termios) != 0) {
                    throw new IOException("tcgetattr " + slavePath + " failed: " + Libc.lastError());
                }
                libc.cfmakeraw(termios);
                if (libc.tcsetattr(slave, Libc.TCSANOW, termios) != 0) {
                    throw new IOException("tcsetattr(raw) " + slavePath + " failed: " + Libc.lastError());
                }
                return new Pty(master, slave, slavePath);
            } catch (IOException | RuntimeException e) {
                if (slave >= 0) {
                    libc.close(slave);
                }
                libc.close(master);
                throw e;
            }
        }

        String slavePath() {
            return slavePath;
        }

        /** Closes the master (hang-up on the slave side) and the cable's slave handle. */
        synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            Libc.get().close(master);
            Libc.get().close(slaveKeeper);
        }

        /** One non-blocking read of the master; 0 if released meanwhile, -errno on failure. */
        synchronized long read(Memory into, int max) {
            if (released) {
                return 0;
            }
            long n = Libc.get().read(master, into, new NativeLong(max)).longValue();
            return n >= 0 ? n : -Native.getLastError();
        }

        /** One non-blocking write to the master; -errno on failure, -EIO if released. */
        synchronized long write(Memory from, long offset, long len) {
            if (released) {
                return -Libc.EIO;
            }
            long n = Libc.get().write(master, from.share(offset), new NativeLong(len)).longValue();
            return n >= 0 ? n : -Native.getLastError();
        }

        synchronized boolean released() {
            return released;
        }
    }

    /**
     * The simulator's end of the cable. Its reader is a named platform thread that polls the
     * current master together with a wake-up pipe, for at most 50 ms at a time: unplug and close
     * wake it at once, which matters because the kernel hangs up the slave only when the last
     * poll on a closed master returns.
     * Status changes made by plug and unplug reach the listener in order, on the reader thread.
     */
    private final class DeviceEnd implements Link {
        private final String endName = name + "-device";
        private final LinkCounters counters = new LinkCounters();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final ReentrantLock writeLock = new ReentrantLock();
        private final Queue<LinkStatus> pendingStatus = new ConcurrentLinkedQueue<>();
        private volatile LinkStatus status = new LinkStatus(endName, LinkState.CONNECTING, "created", clock.now());
        /** Self-pipe: a byte written to [1] wakes the reader's poll at once (unplug, replug, close). */
        private final int[] wakePipe = openWakePipe();
        private volatile LinkListener listener;
        private Thread reader;
        private boolean endClosed;
        private boolean everPlugged;
        private long stalledSince = -1;

        @Override
        public String name() {
            return endName;
        }

        @Override
        public void start(LinkListener l) {
            Objects.requireNonNull(l, "listener");
            synchronized (this) {
                if (endClosed) {
                    throw new IllegalStateException(endName + ": closed");
                }
                if (reader != null) {
                    throw new IllegalStateException(endName + ": already started");
                }
                listener = l;
                pendingStatus.add(status);
                reader = Thread.ofPlatform().name("link-" + endName).daemon(true).unstarted(this::run);
                reader.start();
            }
        }

        private static int[] openWakePipe() {
            int[] fds = new int[2];
            if (Libc.get().pipe2(fds, Libc.O_NONBLOCK | Libc.O_CLOEXEC) != 0) {
                throw new IllegalStateException("pipe2 failed: " + Libc.lastError());
            }
            return fds;
        }

        /** Makes the reader leave its poll now; the kernel releases a closed master only then. */
        void wake() {
            synchronized (wakePipe) {
                if (wakePipe[0] < 0) {
                    return;
                }
                Memory one = new Memory(1);
                one.setByte(0, (byte) 1);
                Libc.get().write(wakePipe[1], one, new NativeLong(1));
            }
        }

        private void closeWakePipe() {
            synchronized (wakePipe) {
                if (wakePipe[0] >= 0) {
                    Libc.get().close(wakePipe[0]);
                    Libc.get().close(wakePipe[1]);
                    wakePipe[0] = -1;
                    wakePipe[1] = -1;
                }
            }
        }

        private void drainWakePipe(Memory scratch) {
            while (Libc.get().read(wakePipe[0], scratch, new NativeLong(scratch.size())).longValue() > 0) {
                // a wake-up carries no data
            }
        }

        void plugChanged(LinkState state, String detail) {
            LinkStatus s;
            synchronized (this) {
                if (endClosed) {
                    return;
                }
                if (state == LinkState.UP) {
                    if (everPlugged) {
                        counters.reconnect();
                    }
                    everPlugged = true;
                }
                s = new LinkStatus(endName, state, detail, clock.now());
                status = s;
                if (reader != null) {
                    pendingStatus.add(s);
                }
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws LinkDownException {
            Objects.checkFromIndexSize(off, len, bytes.length);
            byte[] chunk = new byte[len];
            System.arraycopy(bytes, off, chunk, 0, len);
            send(chunk, true);
        }

        /** Writes a private copy, after the outbound fault if {@code faulty}. */
        void send(byte[] chunk, boolean faulty) throws LinkDownException {
            try {
                writeLock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinkDownException(endName + ": interrupted while waiting to write", e);
            }
            try {
                Pty p = pty;
                if (p == null) {
                    throw new LinkDownException(endName + ": cable unplugged");
                }
                int asked = chunk.length;
                byte[] wire = faulty ? fault.apply(chunk) : chunk;
                counters.bytesOut(asked);
                if (wire != null && wire.length > 0) {
                    writeAll(p, wire);
                }
            } finally {
                writeLock.unlock();
            }
        }

        private void writeAll(Pty p, byte[] data) throws LinkDownException {
            Memory m = new Memory(data.length);
            m.write(0, data, 0, data.length);
            Memory pollFd = new Memory(8);
            long done = 0;
            long deadline = System.nanoTime() + writeStall.toNanos();
            while (done < data.length) {
                long n = p.write(m, done, data.length - done);
                if (n > 0) {
                    done += n;
                    deadline = System.nanoTime() + writeStall.toNanos();
                    stalledSince = -1;
                    continue;
                }
                if (n == -Libc.EINTR) {
                    continue;
                }
                if (n != -Libc.EAGAIN && n != 0) {
                    counters.ioError();
                    throw new LinkDownException(endName + ": write to " + p.slavePath() + " master failed: "
                            + Libc.get().strerror((int) -n) + (p.released() ? " (unplugged during write)" : ""));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    counters.ioError();
                    if (stalledSince < 0) {
                        stalledSince = System.nanoTime();
                        LOG.warn("{}: nobody drains {} for {} ms; dropped {} of {} bytes (further drops not logged)",
                                endName, p.slavePath(), writeStall.toMillis(), data.length - done, data.length);
                    }
                    return;
                }
                int waitMillis = (int) Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                synchronized (p) {
                    if (p.released) {
                        throw new LinkDownException(endName + ": unplugged during write");
                    }
                }
                Libc.poll(pollFd, p.master, Libc.POLLOUT, waitMillis);
            }
        }

        @Override
        public LinkStatus status() {
            return status;
        }

        @Override
        public LinkCounters counters() {
            return counters;
        }

        @Override
        public void close() {
            Thread t;
            synchronized (this) {
                if (endClosed) {
                    return;
                }
                endClosed = true;
                t = reader;
                status = new LinkStatus(endName, LinkState.CLOSED, "closed", clock.now());
                pendingStatus.add(status);
            }
            stop.countDown();
            wake();
            if (t != null && t != Thread.currentThread()) {
                try {
                    if (!t.join(Duration.ofSeconds(2))) {
                        LOG.warn("{}: reader still busy in its listener after 2 s", endName);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeWakePipe();
        }

        private void run() {
            Memory pollFds = new Memory(16);
            Memory nativeBuffer = new Memory(READ_BUFFER_BYTES);
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            boolean noSlaveReported = false;
            while (stop.getCount() > 0) {
                notifyStatus();
                Pty p = pty;
                if (p == null) {
                    idle();
                    continue;
                }
                int revents = Libc.poll(pollFds, p.master, Libc.POLLIN, wakePipe[0], POLL_MILLIS);
                if ((pollFds.getShort(14) & Libc.POLLIN) != 0) {
                    drainWakePipe(nativeBuffer);
                    continue;
                }
                if (revents <= 0 || (revents & Libc.POLLNVAL) != 0) {
                    continue;
                }
                long n = p.read(nativeBuffer, READ_BUFFER_BYTES);
                if (n > 0) {
                    noSlaveReported = false;
                    nativeBuffer.read(0, buffer, 0, (int) n);
                    counters.bytesIn((int) n);
                    try {
                        listener.onBytes(buffer, 0, (int) n);
                    } catch (RuntimeException e) {
                        LOG.error(e, "{}: listener failed on {} bytes", endName, n);
                    }
                } else if (n == -Libc.EIO) {
                    // no slave open: "no device attached yet" on this side, not an error
                    if (!noSlaveReported) {
                        LOG.debug("{}: nobody has {} open", endName, p.slavePath());
                        noSlaveReported = true;
                    }
                    idle();
                } else if (n < 0 && n != -Libc.EAGAIN && n != -Libc.EINTR) {
                    counters.ioError();
                    LOG.warn("{}: read of {} master failed: {}", endName, p.slavePath(), Libc.get().strerror((int) -n));
                    idle();
                }
            }
            notifyStatus();
        }

        private void idle() {
            try {
                stop.await(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.countDown();
            }
        }

        private void notifyStatus() {
            LinkStatus s;
            while ((s = pendingStatus.poll()) != null) {
                try {
                    listener.onStatus(s);
                } catch (RuntimeException e) {
                    LOG.error(e, "{}: listener failed on status {}", endName, s.state());
                }
            }
        }
    }
}

package io.streetstation.bridge.link;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.streetstation.bridge.time.StationClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import jssc.SerialNativeInterface;
import org.scijava.nativelib.NativeLibraryUtil;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A serial port (USB adapter, on-board UART, pseudo-terminal) through jssc, with its own
 * reconnection.
 *
 * <pre>
 *   start()          open ok                      read/poll error, hang-up, node gone, write error
 *  CONNECTING ──────────────────────────▶ UP ────────────────────────────────────────▶ DOWN
 *      │  open failed                      ▲              open ok (after backoff)          │
 *      └──────────────▶ DOWN ──────────────┴───────────────────────────────────────────────┘
 *  any state ── close() ──▶ CLOSED (terminal)
 * </pre>
 *
 * <p>One named platform thread per link ({@code link-<name>}) owns the port: it opens it, waits for
 * input with {@code poll()} for at most {@link SerialConfig#readWait()} at a time, reads whatever
 * is there into one reused buffer (up to {@link SerialConfig#readBufferBytes()} per chunk), hands
 * the chunk to the listener, and closes the port when it is lost or the link is closed. Writers on
 * other threads share the open port under a lock, so two writes never interleave and a port is
 * never closed under a write.
 *
 * <p>What jssc 2.10.2 does on Linux, verified on a real pseudo-terminal, and how this class deals
 * with it:
 * <ul>
 *   <li>{@code readBytes(n)} loops {@code poll(-1)} + {@code read()} until it has {@code n} bytes.
 *       On a hung-up tty (USB unplugged, pty master closed) {@code read()} returns 0 and
 *       {@code poll()} returns at once, so the call spins at full CPU forever; the timed
 *       {@code SerialPort.readBytes(n, timeout)} spins on {@code FIONREAD} even when all is well.
 *       Neither is used: the reader polls the handle jssc opened and reads it with libc, so a
 *       hang-up is seen as {@code POLLHUP} and end of stream within one poll.</li>
 *   <li>After a hang-up, jssc's {@code getBuffersBytesCount} and {@code writeBytes} throw
 *       {@code IOException("Input/output error")}; a write therefore fails with
 *       {@link LinkDownException} and makes the reader reconnect.</li>
 *   <li>{@code setParams} returns false on a pseudo-terminal although the termios settings apply:
 *       it ends with {@code TIOCMGET}/{@code TIOCMSET} (RTS/DTR), which ptys refuse. When it returns
 *       false the link reads termios back and carries on if speed, data bits, parity and stop bits
 *       are what was asked for (DEBUG log); otherwise the open fails. On a pty the kernel itself
 *       forces 8 data bits and no parity (there is no line to frame), so only speed and stop bits
 *       are checked there.</li>
 *   <li>Exclusive open ({@code TIOCEXCL}) makes the kernel refuse later opens with EBUSY to
 *       everyone but root; see {@link SerialConfig#exclusive()}.</li>
 *   <li>Reading a handle that was closed under the reader throws
 *       {@code IllegalArgumentException("EBADF")} in jssc. Here only the reader thread closes the
 *       port, so a close never races a read; if the reader is stuck in a listener when
 *       {@link #close()} gives up waiting, it closes the port itself when it returns and stops
 *       quietly.</li>
 *   <li>The native library is extracted to {@code java.io.tmpdir}; see
 *       {@link #nativeLibraryDirectory(Path)} for boards that mount {@code /tmp} noexec.</li>
 * </ul>
 */
public final class SerialLink implements Link {

    private static final TaggedLogger LOG = Logger.tag("link");

    /** jssc's own switch: a directory holding an already extracted {@code libjssc.so}. */
    private static final String JSSC_BOOT_LIBRARY_PATH = "jssc.boot.library.path";
    private static final Object NATIVE_LOCK = new Object();
    private static volatile SerialNativeInterface jssc;

    /** Least time between checks that an idle port's device node still exists, ns. */
    private static final long NODE_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Longest wait for a blocked writer before the reader closes the port anyway, ms. */
    private static final long RETIRE_WAIT_MILLIS = 1000;

    private final String name;
    private final SerialConfig config;
    private final StationClock clock;
    private final LinkCounters counters = new LinkCounters();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object statusLock = new Object();

    private volatile LinkStatus status;
    private volatile LinkListener listener;
    private volatile OpenPort port;
    private volatile String writeFault;
    /** Reader thread: whether the adapter's latency timer was warned about (once per link, not per reopen). */
    private boolean latencyWarned;
    private Thread reader;
    private boolean closed;

    /**
     * @param name short name for logs, the thread name and statistics ("nest", "drone-2")
     * @param clock time base of the status timestamps
     */
    public SerialLink(String name, SerialConfig config, StationClock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (name.isBlank()) {
            throw new IllegalArgumentException("link name must not be blank (" + config.path() + ")");
        }
        this.status = new LinkStatus(name, LinkState.CONNECTING, "created for " + config.path(), clock.now());
    }

    /**
     * Makes jssc load its native library from {@code directory} instead of extracting it to
     * {@code java.io.tmpdir}, for images that mount {@code /tmp} noexec. Call it once at start-up,
     * before the first port is opened.
     *
     * <p>Copies the library for this platform out of the jssc jar into {@code directory} (unless an
     * identical copy is there) and sets jssc's system property {@code jssc.boot.library.path} to it.
     * Setting {@code java.io.tmpdir} at run time does not help: the JDK reads it once at start-up for
     * {@code File.createTempFile}, which the loader uses. jssc still creates an empty working
     * directory in {@code java.io.tmpdir}; that needs write, not exec, permission.
     *
     * @param directory a directory on a filesystem mounted with exec permission; created if missing
     * @return the library file jssc will load
     * @throws IllegalStateException if this process has already loaded jssc's native library
     * @throws IOException if the directory or the library cannot be written
     */
    public static Path nativeLibraryDirectory(Path directory) throws IOException {
        synchronized (NATIVE_LOCK) {
            if (jssc != null) {
                throw new IllegalStateException("jssc native library already loaded; call "
                        + "SerialLink.nativeLibraryDirectory(" + directory + ") before the first port is opened");
            }
            String fileName = NativeLibraryUtil.getPlatformLibraryName("jssc");
            String resource = NativeLibraryUtil.getPlatformLibraryPath("natives/") + fileName;
            byte[] library;
            try (InputStream in = SerialNativeInterface.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("the jssc jar has no native library for this platform: " + resource);
                }
                library = in.readAllBytes();
            }
            Path dir = Files.createDirectories(directory.toAbsolutePath());
            Path target = dir.resolve(fileName);
            if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), library)) {
                Path partial = Files.createTempFile(dir, fileName, ".partial");
                Files.write(partial, library);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            System.setProperty(JSSC_BOOT_LIBRARY_PATH, dir.toString());
            LOG.info("jssc native library will load from {}", target);
            return target;
        }
    }

    private static SerialNativeInterface jssc() {
        SerialNativeInterface j = jssc;
        if (j == null) {
            synchronized (NATIVE_LOCK) {
                j = jssc;
                if (j == null) {
                    j = new SerialNativeInterface();
                    LOG.debug("jssc {} loaded (native {}, boot path {})", SerialNativeInterface.getLibraryVersion(),
                            SerialNativeInterface.getNativeLibraryVersion(), System.getProperty(JSSC_BOOT_LIBRARY_PATH));
                    jssc = j;
                }
            }
        }
        return j;
    }

    @Override
    public String name() {
        return name;
    }

    public SerialConfig config() {
        return config;
    }

    @Override
    public void start(LinkListener l) {
        Objects.requireNonNull(l, "listener");
        synchronized (statusLock) {
            if (closed) {
                throw new IllegalStateException(name + ": closed");
            }
            if (reader != null) {
                throw new IllegalStateException(name + ": already started");
            }
            listener = l;
            reader = Thread.ofPlatform().name("link-" + name).daemon(true).unstarted(this::run);
            reader.start();
        }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws LinkDownException {
        Objects.checkFromIndexSize(off, len, bytes.length);
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkDownException(name + ": interrupted while waiting to write " + len + " bytes", e);
        }
        try {
            OpenPort p = port;
            if (p == null) {
                LinkStatus s = status;
                throw new LinkDownException(name + ": " + config.path() + " is " + s.state() + ": " + s.detail());
            }
            if (len == 0) {
                return;
            }
            byte[] chunk = off == 0 && len == bytes.length ? bytes : Arrays.copyOfRange(bytes, off, off + len);
            boolean complete;
            try {
                complete = jssc().writeBytes(p.handle(), chunk);
            } catch (IOException e) {
                throw writeFailed(p, "write of " + len + " bytes to " + p.device() + " failed: " + e.getMessage(), e);
            }
            if (!complete) {
                throw writeFailed(p, "short write to " + p.device() + " (" + len + " bytes asked)", null);
            }
            counters.bytesOut(len);
        } finally {
            writeLock.unlock();
        }
    }

    /** Counts the failure and asks the reader to close and reopen the port. */
    private LinkDownException writeFailed(OpenPort p, String detail, Throwable cause) {
        counters.ioError();
        if (port == p) {
            writeFault = detail;
        }
        return new LinkDownException(name + ": " + detail, cause);
    }

    @Override
    public LinkStatus status() {
        return status;
    }

    @Override
    public LinkCounters counters() {
        return counters;
    }

    /**
     * Stops the reader and closes the port; waits for the reader up to {@code 4 × readWait} plus
     * 1 s. Idempotent; may be called from the listener, in which case the reader stops after the
     * callback returns.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (statusLock) {
            if (closed) {
                return;
            }
            closed = true;
            t = reader;
        }
        stopRequested.countDown();
        if (t == null) {
            transition(LinkState.CLOSED, "closed before start");
            return;
        }
        if (t == Thread.currentThread()) {
            return;
        }
        long waitMillis = 4 * config.readWait().toMillis() + RETIRE_WAIT_MILLIS;
        try {
            if (!t.join(Duration.ofMillis(waitMillis))) {
                LOG.warn("{}: reader still busy in its listener after {} ms; it closes {} when it returns",
                        name, waitMillis, config.path());
                transition(LinkState.CLOSED, "closed (reader still finishing a callback)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transition(LinkState.CLOSED, "closed (interrupted while waiting for the reader)");
        }
    }

    @Override
    public String toString() {
        return "SerialLink[" + name + " " + config.path() + " " + config.framing() + " " + status.state() + "]";
    }

    // ---------------------------------------------------------------- reader thread

    private void run() {
        Memory pollFd = new Memory(8);
        Memory nativeBuffer = new Memory(config.readBufferBytes());
        byte[] buffer = new byte[config.readBufferBytes()];
        int attempt = 0;
        boolean everUp = false;
        try {
            while (!stopping()) {
                OpenPort p;
                try {
                    p = open();
                } catch (OpenFailed f) {
                    transition(LinkState.DOWN, f.getMessage());
                    if (await(config.reconnect().delay(attempt++, ThreadLocalRandom.current()))) {
                        break;
                    }
                    continue;
                }
                attempt = 0;
                writeFault = null;
                port = p;
                if (everUp) {
                    counters.reconnect();
                }
                everUp = true;
                transition(LinkState.UP, "open " + p.describe(config.path()) + " at " + config.framing());
                String lost = pump(p, pollFd, nativeBuffer, buffer);
                retire(p);
                if (lost == null) {
                    break;
                }
                counters.ioError();
                LOG.warn("{}: lost {}, reconnecting every {} ms at most: {}", name, config.path(),
                        config.reconnect().maxBackoff().toMillis(), lost);
                // name the configured path (the by-id or /dev/station name a technician knows), not only /dev/pts/N
                transition(LinkState.DOWN, p.device().equals(config.path()) ? lost : config.path() + ": " + lost);
                if (await(config.reconnect().delay(attempt++, ThreadLocalRandom.current()))) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error(e, "{}: reader of {} failed; the link stays down until restarted", name, config.path());
            OpenPort p = port;
            if (p != null) {
                retire(p);
            }
            transition(LinkState.DOWN, "reader failed: " + e);
            return;
        }
        transition(LinkState.CLOSED, "closed");
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /** Waits {@code delay} or until close; true when the link is closing. */
    private boolean await(Duration delay) {
        try {
            return stopRequested.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("{}: reader interrupted; stopping", name);
            return true;
        }
    }

    private OpenPort open() throws OpenFailed {
        Path path = Path.of(config.path());
        String device;
        try {
            device = path.toRealPath().toString();
        } catch (NoSuchFileException e) {
            throw new OpenFailed(config.path() + " not found" + danglingTarget(path));
        } catch (IOException e) {
            throw new OpenFailed("cannot resolve " + config.path() + ": " + e);
        }
        SerialNativeInterface j;
        try {
            j = jssc();
        } catch (LinkageError e) {
            LOG.error(e, "{}: jssc native library cannot be loaded (noexec /tmp? see SerialLink.nativeLibraryDirectory)", name);
            throw new OpenFailed("jssc native library cannot be loaded: " + e.getMessage());
        }
        long handle = j.openPort(device, config.exclusive());
        if (handle < 0) {
            throw new OpenFailed("open " + describe(device) + " failed: " + openError(handle));
        }
        OpenPort p = new OpenPort(handle, device, device.startsWith("/dev/pts/"));
        try {
            applyParams(j, p);
            lowLatency(p);
            return p;
        } catch (OpenFailed | RuntimeException e) {
            j.closePort(handle);
            throw e;
        }
    }

    private void applyParams(SerialNativeInterface j, OpenPort p) throws OpenFailed {
        boolean applied = j.setParams(p.handle(), config.baud().bitsPerSecond(), config.dataBits().bits(),
                config.stopBits().ordinal(), config.parity().ordinal(), true, true, 0);
        if (!applied) {
            String mismatch = termiosMismatch(p);
            if (mismatch != null) {
                throw new OpenFailed("could not apply " + config.framing() + " to " + p.device() + ": " + mismatch);
            }
            LOG.debug("{}: jssc setParams returned false on {} ({}) but termios shows {} applied; "
                            + "RTS/DTR not supported there", name, p.device(), p.pty() ? "a pseudo-terminal" : "no modem lines",
                    config.framing());
        }
        if (!j.setFlowControlMode(p.handle(), config.flow().jsscMask())) {
            throw new OpenFailed("could not set flow control " + config.flow() + " on " + p.device());
        }
    }

    /**
     * Asks the driver to hand received bytes on at once ({@link LowLatency}); warns once per link
     * when a USB adapter will still hold them for milliseconds. A failure here costs latency, never
     * the link: the port opens all the same.
     */
    private void lowLatency(OpenPort p) {
        LowLatency.Outcome o;
        try {
            o = LowLatency.apply((int) p.handle(), p.device());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(e, "{}: could not ask {} for low latency: {}", name, p.device(), e.toString());
            return;
        }
        LOG.debug("{}: low_latency on {}: {}", name, p.device(), o.detail());
        if (o.warning().isPresent() && !latencyWarned) {
            latencyWarned = true;
            LOG.warn("{}: {}", name, o.warning().get());
        }
    }

    /** What the kernel holds differently from the config, or null if it matches. */
    private String termiosMismatch(OpenPort p) {
        Memory t = new Memory(Libc.TERMIOS_BYTES);
        t.clear();
        if (Libc.get().tcgetattr((int) p.handle(), t) != 0) {
            return "tcgetattr failed: " + Libc.lastError();
        }
        int cflag = t.getInt(Libc.TERMIOS_CFLAG_OFFSET);
        int speed = Libc.get().cfgetospeed(t);
        if (speed != config.baud().termiosCode()) {
            return "speed code 0" + Integer.toOctalString(speed) + " instead of " + config.baud();
        }
        if (!p.pty()) {
            // the pty driver forces CS8 and clears PARENB whatever is asked: there is no line to frame
            int size = (config.dataBits().bits() - 5) << 4;
            if ((cflag & Libc.CSIZE) != size) {
                return "character size is not " + config.dataBits().bits() + " bits";
            }
            boolean parity = (cflag & Libc.PARENB) != 0;
            if (parity != (config.parity() != SerialConfig.Parity.NONE)) {
                return "parity is " + (parity ? "on" : "off");
            }
        }
        boolean twoStops = (cflag & Libc.CSTOPB) != 0;
        if (twoStops != (config.stopBits() != SerialConfig.StopBits.ONE)) {
            return "stop bits differ (CSTOPB " + (twoStops ? "set" : "clear") + ")";
        }
        return null;
    }

    private static String openError(long code) {
        if (code == SerialNativeInterface.ERR_PORT_BUSY) {
            return "port busy (held by another process, possibly with TIOCEXCL)";
        }
        if (code == SerialNativeInterface.ERR_PORT_NOT_FOUND) {
            return "port not found or not openable";
        }
        if (code == SerialNativeInterface.ERR_PERMISSION_DENIED) {
            return "permission denied (is the agent's user in group dialout?)";
        }
        if (code == SerialNativeInterface.ERR_INCORRECT_SERIAL_PORT) {
            return "not a serial port (tcgetattr refused)";
        }
        return "jssc error " + code;
    }

    private String describe(String device) {
        return config.path().equals(device) ? device : config.path() + " -> " + device;
    }

    private static String danglingTarget(Path path) {
        if (!Files.isSymbolicLink(path)) {
            return "";
        }
        try {
            return " (dangling symlink to " + Files.readSymbolicLink(path) + ")";
        } catch (IOException e) {
            return " (dangling symlink)";
        }
    }

    /**
     * Reads until the port is lost or the link closes.
     *
     * @return why the port was lost, or null when the link is closing
     */
    private String pump(OpenPort p, Memory pollFd, Memory nativeBuffer, byte[] buffer) {
        Libc libc = Libc.get();
        int fd = (int) p.handle();
        int waitMillis = (int) config.readWait().toMillis();
        long nextNodeCheck = System.nanoTime() + NODE_CHECK_INTERVAL_NANOS;
        while (!stopping()) {
            String fault = writeFault;
            if (fault != null) {
                return fault;
            }
            int revents = Libc.poll(pollFd, fd, Libc.POLLIN, waitMillis);
            if (revents < 0) {
                int errno = Native.getLastError();
                if (errno == Libc.EINTR) {
                    continue;
                }
                return "poll on " + p.device() + " failed: " + libc.strerror(errno) + " (errno " + errno + ")";
            }
            if (revents == 0) {
                long now = System.nanoTime();
                if (now - nextNodeCheck >= 0) {
                    nextNodeCheck = now + NODE_CHECK_INTERVAL_NANOS;
                    if (!Files.exists(Path.of(p.device()))) {
                        return "device node " + p.device() + " vanished";
                    }
                }
                continue;
            }
            if ((revents & Libc.POLLNVAL) != 0) {
                return stopping() ? null : "handle of " + p.device() + " is no longer valid (POLLNVAL)";
            }
            long n = libc.read(fd, nativeBuffer, new NativeLong(buffer.length)).longValue();
            if (n > 0) {
                int got = (int) n;
                nativeBuffer.read(0, buffer, 0, got);
                counters.bytesIn(got);
                deliver(buffer, got);
            } else if (n == 0) {
                return "device " + p.device() + " hung up (" + Libc.pollFlags(revents) + ", end of stream)";
            } else {
                int errno = Native.getLastError();
                if (errno == Libc.EINTR || errno == Libc.EAGAIN) {
                    continue;
                }
                return "read from " + p.device() + " failed: " + libc.strerror(errno) + " (errno " + errno + ", "
                        + Libc.pollFlags(revents) + ")";
            }
        }
        return null;
    }

    private void deliver(byte[] buffer, int len) {
        try {
            listener.onBytes(buffer, 0, len);
        } catch (RuntimeException e) {
            LOG.error(e, "{}: listener failed on {} bytes; bytes dropped, link stays up", name, len);
        }
    }

    /** Closes the port; waits up to 1 s for a writer that is mid-write. */
    private void retire(OpenPort p) {
        boolean locked = false;
        try {
            locked = writeLock.tryLock(RETIRE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!locked) {
                LOG.warn("{}: a write to {} is stuck; closing the port under it", name, p.device());
            }
            port = null;
            if (!jssc().closePort(p.handle())) {
                LOG.warn("{}: close of {} reported failure: {}", name, p.device(), Libc.lastError());
            }
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private void transition(LinkState next, String detail) {
        LinkStatus now;
        synchronized (statusLock) {
            LinkStatus prev = status;
            if (prev.state() == LinkState.CLOSED || (prev.state() == next && prev.detail().equals(detail))) {
                return;
            }
            now = new LinkStatus(name, next, detail, clock.now());
            status = now;
            if (prev.state() != next) {
                LOG.info("{}: {} -> {}: {}", name, prev.state(), next, detail);
            } else {
                LOG.debug("{}: still {}: {}", name, next, detail);
            }
        }
        LinkListener l = listener;
        if (l != null) {
            try {
                l.onStatus(now);
            } catch (RuntimeException e) {
                LOG.error(e, "{}: listener failed on status {}", name, now.state());
            }
        }
    }

    /** A port this link holds open; {@code handle} is jssc's, which on Linux is the file descriptor. */
    private record OpenPort(long handle, String device, boolean pty) {
        String describe(String configured) {
            return (configured.equals(device) ? device : configured + " -> " + device) + (pty ? " (pty)" : "");
        }
    }

    /** An open attempt failed; the message is the status detail. */
    private static final class OpenFailed extends Exception {
        OpenFailed(String detail) {
            super(detail, null, false, false);
        }
    }
}

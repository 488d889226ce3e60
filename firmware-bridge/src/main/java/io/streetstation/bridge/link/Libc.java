package io.streetstation.bridge.link;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls the links need that neither jssc nor the JDK offer: pseudo-terminal pairs,
 * {@code poll()} with a timeout, and termios. Linux (glibc or musl, generic termios layout: x86,
 * ARM, RISC-V) only.
 *
 * <p>Errors are read with {@link Native#getLastError()} right after the call, on the same thread.
 */
interface Libc extends Library {

    int O_RDWR = 0x2;
    int O_NOCTTY = 0x100;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    int EINTR = 4;
    int EIO = 5;
    int EAGAIN = 11;

    int TCSANOW = 0;

    /** Size of a buffer that holds a {@code struct termios} on every Linux ABI (60 bytes on glibc). */
    int TERMIOS_BYTES = 128;
    /** Byte offset of {@code c_cflag} in {@code struct termios} (generic Linux layout). */
    int TERMIOS_CFLAG_OFFSET = 8;
    int CSIZE = 0x30;
    int CSTOPB = 0x40;
    int PARENB = 0x100;
    int PARODD = 0x200;
    int CMSPAR = 0x40000000;
    int CRTSCTS = 0x80000000;

    /** Loaded on first use; fails with a clear message off Linux. */
    static Libc get() {
        return Holder.LIBC;
    }

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    int ptsname_r(int fd, byte[] buf, NativeLong buflen);

    int open(String path, int flags);

    int close(int fd);

    int pipe2(int[] fds, int flags);

    int poll(Pointer fds, NativeLong nfds, int timeoutMs);

    NativeLong read(int fd, Pointer buf, NativeLong count);

    NativeLong write(int fd, Pointer buf, NativeLong count);

    int tcgetattr(int fd, Pointer termios);

    int tcsetattr(int fd, int optionalActions, Pointer termios);

    void cfmakeraw(Pointer termios);

    /** {@code ioctl(fd, request, arg)} with a pointer argument (request is an unsigned long). */
    int ioctl(int fd, NativeLong request, Pointer arg);

    int cfgetospeed(Pointer termios);

    String strerror(int errnum);

    /** The text of the calling thread's last errno, with its number ("Input/output error (errno 5)"). */
    static String lastError() {
        int errno = Native.getLastError();
        return get().strerror(errno) + " (errno " + errno + ")";
    }

    /**
     * Waits until {@code fd} has one of {@code events} or {@code timeoutMs} passes.
     *
     * @param pollFd a reused 8-byte {@code struct pollfd} owned by the calling thread
     * @return revents (0 on timeout), or -1 with errno set
     */
    static int poll(Memory pollFd, int fd, short events, int timeoutMs) {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, events);
        pollFd.setShort(6, (short) 0);
        int n = get().poll(pollFd, new NativeLong(1), timeoutMs);
        if (n < 0) {
            return -1;
        }
        return n == 0 ? 0 : pollFd.getShort(6) & 0xffff;
    }

    /**
     * Waits until {@code fd} has one of {@code events}, {@code wakeFd} becomes readable, or
     * {@code timeoutMs} passes.
     *
     * @param pollFds a reused 16-byte array of two {@code struct pollfd} owned by the calling thread
     * @return revents of {@code fd} (0 on timeout or wake-up), or -1 with errno set
     */
    static int poll(Memory pollFds, int fd, short events, int wakeFd, int timeoutMs) {
        pollFds.setInt(0, fd);
        pollFds.setShort(4, events);
        pollFds.setShort(6, (short) 0);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, POLLIN);
        pollFds.setShort(14, (short) 0);
        int n = get().poll(pollFds, new NativeLong(2), timeoutMs);
        if (n < 0) {
            return -1;
        }
        return n == 0 ? 0 : pollFds.getShort(6) & 0xffff;
    }

    /** Names the set bits of a poll revents value ("POLLIN|POLLHUP"), for details and logs. */
    static String pollFlags(int revents) {
        StringBuilder s = new StringBuilder();
        String[] names = {"POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((revents & (1 << bit)) != 0) {
                s.append(s.isEmpty() ? "" : "|").append(names[bit]);
            }
        }
        return s.isEmpty() ? "none" : s.toString();
    }

    final class Holder {
        private static final Libc LIBC = load();

        private Holder() {
        }

        private static Libc load() {
            if (!Platform.isLinux()) {
                throw new UnsupportedOperationException("serial links need Linux (pseudo-terminals, "
                        + "poll, termios through libc); this is " + System.getProperty("os.name"));
            }
            return Native.load("c", Libc.class);
        }
    }
}

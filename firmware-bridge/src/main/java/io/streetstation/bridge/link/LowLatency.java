package io.streetstation.bridge.link;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks a serial port's driver to hand received bytes on at once: the {@code ASYNC_LOW_LATENCY}
 * flag of {@code TIOCSSERIAL}, what {@code setserial /dev/ttyUSB0 low_latency} sets.
 *
 * <p>A USB adapter otherwise holds what it received: an FTDI chip (the RS-485 bus adapter) until
 * it has a full USB packet (62 bytes of data) or its latency timer runs out, 16 ms unless lowered.
 * Without this, a frame's last bytes (all of a short frame) waited up to 16 ms in the adapter:
 * three times the 5 ms an event may take from the bus to central. {@code ftdi_sio} answers the flag by
 * setting the timer to 1 ms; the flag is one the port's user may set without privileges. A port
 * without the serial ioctls (a pseudo-terminal, some UARTs) refuses it with {@code ENOTTY}, which
 * changes nothing. Whatever the outcome, an FTDI latency timer still above 1 ms afterwards (read
 * from sysfs) is reported, with the udev rule that lowers it ({@code config/99-station-serial.rules}).
 */
final class LowLatency {

    static final long TIOCGSERIAL = 0x541E;
    static final long TIOCSSERIAL = 0x541F;
    static final int ASYNC_LOW_LATENCY = 1 << 13;
    /** Holds a {@code struct serial_struct} on every Linux ABI (72 bytes on LP64, 60 on 32-bit). */
    static final int SERIAL_STRUCT_BYTES = 128;
    /** Byte offset of {@code flags}: after four ints (type, line, port, irq) on every ABI. */
    static final int FLAGS_OFFSET = 16;
    static final int ENOTTY = 25;
    static final int EINVAL = 22;
    static final Path SYS_CLASS_TTY = Path.of("/sys/class/tty");

    /**
     * @param set whether the driver took the flag
     * @param detail what happened, for the debug log
     * @param warning what the technician should fix, if anything
     */
    record Outcome(boolean set, String detail, Optional<String> warning) {
    }

    private LowLatency() {
    }

    /** Sets the flag on open port {@code fd} ({@code device} is its real path, for sysfs). */
    static Outcome apply(int fd, String device) {
        Memory s = new Memory(SERIAL_STRUCT_BYTES);
        s.clear();
        Libc c = Libc.get();
        boolean set = false;
        String detail;
        if (c.ioctl(fd, new NativeLong(TIOCGSERIAL), s) != 0) {
            int errno = Native.getLastError();
            detail = errno == ENOTTY || errno == EINVAL ? "not a port with serial settings (" + c.strerror(errno) + ")"
                    : "TIOCGSERIAL failed: " + Libc.lastError();
        } else {
            int flags = s.getInt(FLAGS_OFFSET);
            if ((flags & ASYNC_LOW_LATENCY) != 0) {
                set = true;
                detail = "already set";
            } else {
                s.setInt(FLAGS_OFFSET, flags | ASYNC_LOW_LATENCY);
                if (c.ioctl(fd, new NativeLong(TIOCSSERIAL), s) != 0) {
                    detail = "TIOCSSERIAL refused low_latency: " + Libc.lastError();
                } else {
                    set = true;
                    detail = "set";
                }
            }
        }
        return new Outcome(set, detail, latencyTimerWarning(SYS_CLASS_TTY, device, detail));
    }

    /**
     * A warning when {@code device}'s FTDI latency timer ({@code <sysClassTty>/<name>/device/latency_timer})
     * is above 1 ms; empty when it is 1 or the port has none (not an FTDI adapter, a pseudo-terminal)
     * or it cannot be read.
     */
    static Optional<String> latencyTimerWarning(Path sysClassTty, String device, String lowLatency) {
        Path timer = sysClassTty.resolve(Path.of(device).getFileName().toString()).resolve("device").resolve("latency_timer");
        int ms;
        try {
            ms = Integer.parseInt(Files.readString(timer, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();   // none (not an FTDI port), or not readable: nothing to say
        }
        if (ms <= 1) {
            return Optional.empty();
        }
        return Optional.of(device + ": the USB adapter holds received bytes up to its latency timer, " + ms
                + " ms (low_latency: " + lowLatency + "); every frame from the bus may wait that long. Install "
                + "config/99-station-serial.rules, which sets " + timer + " to 1");
    }
}

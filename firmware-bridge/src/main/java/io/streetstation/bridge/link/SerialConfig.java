package io.streetstation.bridge.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link SerialLink} needs to open and keep one port.
 *
 * <p>Start from {@link #of(String)} (115200 8N1, no flow control, exclusive, default reconnect
 * policy) and change what differs with the {@code with*} methods:
 * <pre>{@code
 * SerialConfig.of("/dev/serial/by-id/usb-FTDI_nest-if00-port0").withBaud(BaudRate.B57600)
 * }</pre>
 *
 * @param path absolute device path; symlinks (udev {@code /dev/serial/by-id/...}, a virtual
 *     cable) are resolved again on every open, so a device that comes back under a new node is found
 * @param exclusive open with {@code TIOCEXCL} so that a second process cannot open the port and steal
 *     bytes. The kernel then refuses later opens with EBUSY except to root (CAP_SYS_ADMIN); turn it
 *     off where several tools must share a port or where a restarted agent may find the old one
 *     still holding it
 * @param readBufferBytes size of the reused read buffer, 64..65536 bytes; also the largest chunk
 *     handed to {@link LinkListener#onBytes}
 * @param readWait longest wait for input in one poll, 1..1000 ms; bounds how long {@link
 *     SerialLink#close()} waits for the reader thread; default 50 ms
 */
public record SerialConfig(String path, BaudRate baud, DataBits dataBits, Parity parity, StopBits stopBits,
                           FlowControl flow, boolean exclusive, ReconnectPolicy reconnect,
                           int readBufferBytes, Duration readWait) {

    public SerialConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(baud, "baud");
        Objects.requireNonNull(dataBits, "dataBits");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(readWait, "readWait");
        if (path.isBlank() || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("serial path must be an absolute device path such as "
                    + "/dev/ttyUSB0, was \"" + path + "\"");
        }
        if (readBufferBytes < 64 || readBufferBytes > 65_536) {
            throw new IllegalArgumentException("readBufferBytes must be within 64..65536, was " + readBufferBytes);
        }
        if (readWait.compareTo(Duration.ofMillis(1)) < 0 || readWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("readWait must be within 1..1000 ms, was "
                    + readWait.toMillis() + " ms");
        }
        if (dataBits == DataBits.FIVE && stopBits == StopBits.TWO) {
            throw new IllegalArgumentException("5 data bits take 1.5 stop bits, not 2 (" + path + ")");
        }
        if (dataBits != DataBits.FIVE && stopBits == StopBits.ONE_AND_HALF) {
            throw new IllegalArgumentException("1.5 stop bits exist only with 5 data bits, not "
                    + dataBits.bits() + " (" + path + ")");
        }
    }

    /** {@code path} at 115200 8N1, no flow control, exclusive, default reconnect, 4 KiB buffer. */
    public static SerialConfig of(String path) {
        return new SerialConfig(path, BaudRate.B115200, DataBits.EIGHT, Parity.NONE, StopBits.ONE,
                FlowControl.NONE, true, ReconnectPolicy.DEFAULT, 4096, Duration.ofMillis(50));
    }

    public SerialConfig withBaud(BaudRate b) {
        return new SerialConfig(path, b, dataBits, parity, stopBits, flow, exclusive, reconnect, readBufferBytes, readWait);
    }

    /** Data bits, parity and stop bits together, as they are written ("8N1"). */
    public SerialConfig withFraming(DataBits d, Parity p, StopBits s) {
        return new SerialConfig(path, baud, d, p, s, flow, exclusive, reconnect, readBufferBytes, readWait);
    }

    public SerialConfig withFlow(FlowControl f) {
        return new SerialConfig(path, baud, dataBits, parity, stopBits, f, exclusive, reconnect, readBufferBytes, readWait);
    }

    public SerialConfig withExclusive(boolean e) {
        return new SerialConfig(path, baud, dataBits, parity, stopBits, flow, e, reconnect, readBufferBytes, readWait);
    }

    public SerialConfig withReconnect(ReconnectPolicy r) {
        return new SerialConfig(path, baud, dataBits, parity, stopBits, flow, exclusive, r, readBufferBytes, readWait);
    }

    public SerialConfig withReadBuffer(int bytes, Duration wait) {
        return new SerialConfig(path, baud, dataBits, parity, stopBits, flow, exclusive, reconnect, bytes, wait);
    }

    /** "115200 8N1" as technicians write it, for logs and status details. */
    public String framing() {
        return baud.bitsPerSecond() + " " + dataBits.bits() + parity.letter() + stopBits.label()
                + (flow == FlowControl.NONE ? "" : " " + flow.name());
    }

    /** Line speeds termios sets directly on Linux (no custom divisor). */
    public enum BaudRate {
        B1200(1200, 0000011), B2400(2400, 0000013), B4800(4800, 0000014), B9600(9600, 0000015),
        B19200(19_200, 0000016), B38400(38_400, 0000017), B57600(57_600, 0010001),
        B115200(115_200, 0010002), B230400(230_400, 0010003), B460800(460_800, 0010004),
        B500000(500_000, 0010005), B921600(921_600, 0010007), B1000000(1_000_000, 0010010),
        B1500000(1_500_000, 0010012), B2000000(2_000_000, 0010013);

        private final int bitsPerSecond;
        private final int termiosCode;

        BaudRate(int bitsPerSecond, int termiosCode) {
            this.bitsPerSecond = bitsPerSecond;
            this.termiosCode = termiosCode;
        }

        /** The rate for {@code bitsPerSecond}, if this enum has it. */
        public static java.util.Optional<BaudRate> of(int bitsPerSecond) {
            for (BaudRate b : values()) {
                if (b.bitsPerSecond == bitsPerSecond) {
                    return java.util.Optional.of(b);
                }
            }
            return java.util.Optional.empty();
        }

        /** Line speed, bit/s. */
        public int bitsPerSecond() {
            return bitsPerSecond;
        }

        /** The Linux {@code Bnnn} constant, to check what the kernel really applied. */
        int termiosCode() {
            return termiosCode;
        }
    }

    public enum DataBits {
        FIVE(5), SIX(6), SEVEN(7), EIGHT(8);

        private final int bits;

        DataBits(int bits) {
            this.bits = bits;
        }

        public int bits() {
            return bits;
        }
    }

    /** Parity; jssc's codes are the ordinals (NONE 0 .. SPACE 4). */
    public enum Parity {
        NONE('N'), ODD('O'), EVEN('E'), MARK('M'), SPACE('S');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    /** Stop bits; jssc's codes are the ordinals (1 = 0, 2 = 1, 1.5 = 2). */
    public enum StopBits {
        ONE("1"), TWO("2"), ONE_AND_HALF("1.5");

        private final String label;

        StopBits(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum FlowControl {
        NONE(0), RTS_CTS(1 | 2), XON_XOFF(4 | 8);

        private final int jsscMask;

        FlowControl(int jsscMask) {
            this.jsscMask = jsscMask;
        }

        /** jssc's {@code FLOWCONTROL_*} bits for both directions. */
        int jsscMask() {
            return jsscMask;
        }
    }
}

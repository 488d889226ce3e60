package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.streetstation.bridge.time.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import jssc.SerialNativeInterface;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What jssc 2.10.2's native layer does on Linux, pinned down on a real pty because {@link
 * SerialLink} is built around it. If a jssc upgrade changes one of these, revisit SerialLink.
 *
 * <p>Not tested on purpose: {@code readBytes(n)} after a hang-up, which spins at full CPU forever
 * ({@code read()} returns 0, {@code poll()} returns at once), the reason SerialLink reads with
 * {@code poll()} + libc {@code read()} instead.
 */
class JsscFactsTest {

    @TempDir
    Path dir;

    private final SerialNativeInterface jssc = new SerialNativeInterface();
    private VirtualSerialCable cable;
    private long handle = -1;

    @BeforeEach
    void plugIn() throws IOException {
        cable = VirtualSerialCable.plugIn("facts", dir, new ManualClock());
    }

    @AfterEach
    void release() {
        if (handle >= 0) {
            jssc.closePort(handle);
        }
        cable.close();
    }

    private long openSlave() {
        handle = jssc.openPort(cable.devicePath().orElseThrow().toString(), true);
        assertThat(handle).as("jssc handle (a file descriptor)").isPositive();
        return handle;
    }

    @Test
    void setParams_onPty_returnsFalse_yetTheSpeedIsApplied() {
        long h = openSlave();

        boolean ok = jssc.setParams(h, 57_600, 8, 0, 0, true, true, 0);

        assertThat(ok).as("TIOCMGET/TIOCMSET fail on a pty, so setParams reports false").isFalse();
        Memory termios = new Memory(Libc.TERMIOS_BYTES);
        assertThat(Libc.get().tcgetattr((int) h, termios)).isZero();
        assertThat(Libc.get().cfgetospeed(termios)).isEqualTo(SerialConfig.BaudRate.B57600.termiosCode());
    }

    @Test
    void exclusiveOpen_doesNotStopRoot_butIsHonouredForOthers() {
        openSlave();
        long second = jssc.openPort(cable.devicePath().orElseThrow().toString(), false);
        try {
            if ("root".equals(System.getProperty("user.name"))) {
                assertThat(second).as("root bypasses TIOCEXCL").isPositive();
            } else {
                assertThat(second).isEqualTo(SerialNativeInterface.ERR_PORT_BUSY);
            }
        } finally {
            if (second > 0) {
                jssc.closePort(second);
            }
        }
    }

    @Test
    void afterHangUp_countAndWriteThrowIoError_readIsEndOfStream_pollSaysHangUp() {
        long h = openSlave();

        cable.unplug();

        assertThatThrownBy(() -> jssc.getBuffersBytesCount(h)).isInstanceOf(IOException.class)
                .hasMessage("Input/output error");
        assertThatThrownBy(() -> jssc.writeBytes(h, new byte[] {1})).isInstanceOf(IOException.class)
                .hasMessage("Input/output error");
        int revents = Libc.poll(new Memory(8), (int) h, Libc.POLLIN, 1000);
        assertThat(revents & Libc.POLLHUP).as("revents %s", Libc.pollFlags(revents)).isEqualTo(Libc.POLLHUP);
        long n = Libc.get().read((int) h, new Memory(16), new NativeLong(16)).longValue();
        assertThat(n).as("read on a hung-up tty").isZero();
    }

    @Test
    void openPort_reportsMissingNodesAndNonTtys_asNegativeCodes() throws IOException {
        assertThat(jssc.openPort(dir.resolve("nothing").toString(), false))
                .isEqualTo(SerialNativeInterface.ERR_PORT_NOT_FOUND);
        Path file = java.nio.file.Files.writeString(dir.resolve("plain"), "x");
        assertThat(jssc.openPort(file.toString(), false)).isEqualTo(SerialNativeInterface.ERR_INCORRECT_SERIAL_PORT);
    }
}

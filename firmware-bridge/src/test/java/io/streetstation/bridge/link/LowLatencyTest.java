package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The low-latency request on a real pseudo-terminal (which has no serial settings) and the FTDI
 * latency-timer check against a sysfs tree laid out as the kernel lays it out. Setting the flag on
 * a real FTDI adapter needs one: that is the real rig's check (see the HIL rig guide).
 */
class LowLatencyTest {

    @TempDir
    Path dir;

    @Test
    void onAPseudoTerminal_theRequestIsRefusedAsNoSerialPort_andThePortIsUntouched() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.plugIn("lowlat", dir.resolve("dev"), new ManualClock())) {
            String device = cable.devicePath().orElseThrow().toString();
            int fd = Libc.get().open(device, Libc.O_RDWR | Libc.O_NOCTTY);
            assertThat(fd).as("open slave").isNotNegative();
            try {
                LowLatency.Outcome o = LowLatency.apply(fd, device);
                assertThat(o.set()).isFalse();
                assertThat(o.detail()).startsWith("not a port with serial settings");
                assertThat(o.warning()).as("a pty has no latency timer").isEmpty();
                assertThat(Libc.get().tcgetattr(fd, new Memory(Libc.TERMIOS_BYTES))).as("still a working tty").isZero();
            } finally {
                Libc.get().close(fd);
            }
        }
    }

    @Test
    void anFtdiTimerAboveOneMillisecond_isWarnedAbout_withTheRuleThatLowersIt() throws Exception {
        Path sys = sysfs("ttyUSB0", "16\n");
        Optional<String> w = LowLatency.latencyTimerWarning(sys, "/dev/ttyUSB0", "TIOCSSERIAL refused low_latency");
        assertThat(w).hasValueSatisfying(text -> assertThat(text).contains("/dev/ttyUSB0", "16 ms",
                "TIOCSSERIAL refused low_latency", "config/99-station-serial.rules",
                sys.resolve("ttyUSB0/device/latency_timer").toString()));
    }

    @Test
    void aTimerOfOneMillisecond_noTimer_orAnUnreadableOne_isNotWarnedAbout() throws Exception {
        assertThat(LowLatency.latencyTimerWarning(sysfs("ttyUSB1", "1\n"), "/dev/ttyUSB1", "set")).isEmpty();
        // a CP210x radio, a pty, an on-board UART: no latency_timer attribute
        assertThat(LowLatency.latencyTimerWarning(dir.resolve("empty-sys"), "/dev/ttyUSB2", "set")).isEmpty();
        assertThat(LowLatency.latencyTimerWarning(sysfs("ttyUSB3", "garbage"), "/dev/ttyUSB3", "set")).isEmpty();
    }

    /** {@code <dir>/sys/class/tty/<name>/device/latency_timer} holding {@code value}; returns the class dir. */
    private Path sysfs(String name, String value) throws Exception {
        Path classTty = dir.resolve("sys/class/tty");
        Path attr = classTty.resolve(name).resolve("device").resolve("latency_timer");
        Files.createDirectories(attr.getParent());
        Files.writeString(attr, value);
        return classTty;
    }
}

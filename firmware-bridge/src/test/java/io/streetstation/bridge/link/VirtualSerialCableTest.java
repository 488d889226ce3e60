package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;

class VirtualSerialCableTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @Test
    void symlink_followsTheSlave_acrossUnplugAndReplug() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.plugIn("bay", dir, clock)) {
            Path first = cable.devicePath().orElseThrow();
            assertThat(cable.path()).isEqualTo(dir.toAbsolutePath().resolve("bay"));
            assertThat(Files.readSymbolicLink(cable.path())).isEqualTo(first);
            assertThat(first.toString()).startsWith("/dev/pts/");

            cable.unplug();

            assertThat(cable.isPlugged()).isFalse();
            assertThat(cable.devicePath()).isEmpty();
            assertThat(Files.exists(cable.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.exists(first)).as("the kernel removes the slave node").isFalse();

            cable.replug();

            Path second = cable.devicePath().orElseThrow();
            assertThat(Files.readSymbolicLink(cable.path())).isEqualTo(second);
            assertThat(Files.exists(second)).isTrue();
            cable.replug();
            assertThat(cable.devicePath()).contains(second);
        }
    }

    @Test
    void deviceWrite_thatNobodyDrains_dropsAfterTheStall_insteadOfBlocking() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.plugIn("mute", dir, Duration.ofMillis(100), clock)) {
            byte[] telemetry = new byte[256 * 1024];

            long t0 = System.nanoTime();
            cable.deviceEnd().write(telemetry);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(cable.deviceEnd().counters().snapshot().ioErrors()).isEqualTo(1);
            assertThat(LogCapture.mentioning("mute-device")).anySatisfy(e -> {
                assertThat(e.level()).isEqualTo(Level.WARN);
                assertThat(e.message()).contains("nobody drains");
            });
        }
    }

    @Test
    void writes_whileUnplugged_throwLinkDownException() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.plugIn("gone", dir, clock)) {
            cable.unplug();

            assertThatThrownBy(() -> cable.writeRaw(new byte[] {1})).isInstanceOf(LinkDownException.class)
                    .hasMessage("gone-device: cable unplugged");
            assertThat(cable.deviceEnd().status().state()).isEqualTo(LinkState.DOWN);
        }
    }

    @Test
    void deviceEnd_isOneLinkForTheCablesLife_andStartsOnce() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.plugIn("once", dir, clock)) {
            Link end = cable.deviceEnd();
            end.start(new RecordingListener());

            assertThat(cable.deviceEnd()).isSameAs(end);
            assertThat(end.name()).isEqualTo("once-device");
            assertThatThrownBy(() -> end.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nameThatIsNotAPlainFileName_isRejected() {
        assertThatThrownBy(() -> VirtualSerialCable.plugIn("../etc", dir, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file name");
        assertThatThrownBy(() -> VirtualSerialCable.plugIn("nest", dir, Duration.ZERO, clock))
                .hasMessage("writeStall must be within 1 ms..60 s, was 0 ms");
    }

    @Test
    void replug_afterClose_isRefused() throws Exception {
        VirtualSerialCable cable = VirtualSerialCable.plugIn("shut", dir, clock);
        cable.close();
        cable.close();

        assertThatThrownBy(cable::replug).isInstanceOf(IllegalStateException.class).hasMessage("shut: cable closed");
    }
}

package io.streetstation.hil.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's first command, run the way CI runs it: a stretch of station time, then a summary. */
class DemoRunTest {

    @Test
    void demoWithDuration_runsTheStation_printsOneSummaryLinePerDevice_andExits0() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = DemoMain.commandLine().execute("--rig", "../config/rig.virtual.yaml",
                    "--duration", "5m", "--speed", "60", "--view-every", "60",
                    "--fault", "1m unplug drone-2", "--fault", "2m replug drone-2", "--fault", "90s rain 12 1m");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        assertThat(out).contains("Summary after 5m");
        assertThat(out).containsPattern("mosquitto_sub -V mqttv5 -h 127\\.0\\.0\\.1 -p \\d+ -t 'stations/#' -v");
        assertThat(out.lines().filter(l -> l.startsWith("FAULT ")))
                .containsExactly("FAULT  00:01:00 unplug drone-2", "FAULT  00:01:30 rain 12 1m", "FAULT  00:02:00 replug drone-2");
        assertThat(out).contains("fault injected: unplug drone-2");
        assertThat(out.lines().filter(l -> l.startsWith("TOPIC "))).isNotEmpty();
        assertThat(out.lines().filter(l -> l.startsWith("DEVICE ")))
                .hasSize(9)
                .allSatisfy(l -> assertThat(l).contains(" ONLINE "));
        assertThat(out.lines().filter(l -> l.startsWith("DEVICE drone") || l.startsWith("DEVICE rover")))
                .hasSize(5)
                .allSatisfy(l -> assertThat(l).contains("crc errors 0").contains("signing rejects 0"));
        assertThat(out.lines().filter(l -> l.startsWith("DEVICE camera")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).containsPattern("captures verified [1-9]\\d*, failed 0"));
        assertThat(out.lines().filter(l -> l.startsWith("BUS ")))
                .singleElement().satisfies(l -> assertThat(l).contains("naks sent 0").contains("bad frames 0"));
    }

    @Test
    void badFault_isRefusedBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = DemoMain.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        int exit = cl.execute("--duration", "1m", "--fault", "1m rain lots 5m");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--fault '1m rain lots 5m': rain rate: 'lots' is not a number");
    }

    @Test
    void badDuration_isACommandLineError() {
        assertThatThrownBy(() -> DemoMain.parseDuration("5 minutes")).hasMessageContaining("is not a duration");
        assertThat(DemoMain.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DemoMain.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    }
}

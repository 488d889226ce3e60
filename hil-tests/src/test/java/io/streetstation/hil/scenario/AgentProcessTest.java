package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetstation.agent.runtime.Main;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.rig.RigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as {@code bench uplink} runs it — its own JVM, started through its {@code main} with
 * the systemd unit's Java options, on a station file rewritten for the rig's broker and keys —
 * comes up against the virtual rig and goes down as systemd stops it.
 */
class AgentProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void agentProcess_runsWithTheUnitsJavaOptions_announcesItself_andGoesOfflineOnSigterm() throws Exception {
        RigFile rig = RigFile.load(StationExtension.rigFile()).withSpeed(1);
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
             AgentProcess agent = AgentProcess.start(rig, dir, broker.url())) {
            List<CentralView.Received> statuses = new CopyOnWriteArrayList<>();
            agent.central().addListener(r -> {
                if (r.topicClass().equals("status")) {
                    statuses.add(r);
                }
            });

            await(agent, () -> agent.central().counts().getOrDefault("birth", 0L) > 0);

            // its command line as the kernel has it (ProcessHandle.Info gives up on one this long)
            List<String> args = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(agent.handle().pid()),
                    "cmdline")), StandardCharsets.UTF_8).split("\0"));
            assertThat(agent.javaOptions()).isNotEmpty().isEqualTo(AgentProcess.unitJavaOptions());
            assertThat(args).containsSubsequence(agent.javaOptions());
            assertThat(args).contains(Main.class.getName(), "--gpio-provider", "mock");
            assertThat(args).doesNotContain("-Dtinylog.configuration=/etc/station/tinylog.properties");

            agent.stop();

            assertThat(agent.handle().isAlive()).isFalse();
            assertThat(statuses).map(r -> body(r).path("state").asText() + " " + body(r).path("reason").asText())
                    .contains("OFFLINE shutdown");
        }
    }

    private static JsonNode body(CentralView.Received r) {
        try {
            return JSON.readTree(r.payload()).path("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(AgentProcess agent, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            agent.checkAlive();
            assertThat(System.nanoTime()).as("the agent's birth within 90 s (see %s)", agent.log()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}

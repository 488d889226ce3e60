package io.streetstation.bridge.mavlink;

import static io.streetstation.bridge.mavlink.EndpointHarness.VEHICLE;
import static io.streetstation.bridge.mavlink.EndpointHarness.ack;
import static io.streetstation.bridge.mavlink.MavFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.CommandCancel;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command microservice against a scripted vehicle speaking through dronefleet's codec. */
@SuppressWarnings("deprecation") // COMMAND_CANCEL, MISSION_REQUEST and MISSION_ITEM: the spec asks us to support them
class MavCommandServiceTest {

    private static final int ARM = 400;
    private static final int TAKEOFF = 22;
    private static final int REPOSITION = 192;
    private final EndpointHarness h;

    MavCommandServiceTest() throws Exception {
        h = new EndpointHarness();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static CommandResult result(CompletableFuture<CommandResult> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<CommandResult> arm() {
        return h.endpoint.commands().send(CommandRequest.longForm(VEHICLE, ARM, 1));
    }

    @Test
    void commandLong_acknowledged_completesAccepted() throws Exception {
        h.vehicle.script(m -> m instanceof CommandLong c ? List.of(ack(c.command().value(), 0, 0)) : List.of());
        CommandResult r = result(arm());
        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(h.vehicle.received(CommandLong.class)).singleElement()
                .satisfies(c -> assertThat(c.param1()).isEqualTo(1f));
    }

    @Test
    void noAck_retriesWithIncrementedConfirmation_thenAccepted() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        h.vehicle.script(m -> m instanceof CommandLong && seen.incrementAndGet() == 3 ? List.of(ack(ARM, 0, 0)) : List.of());
        CompletableFuture<CommandResult> f = arm();
        for (int sent = 1; sent <= 2; sent++) {
            int n = sent;
            await("attempt " + n, () -> h.vehicle.received(CommandLong.class).size() == n);
            h.advance(Duration.ofSeconds(1));
        }
        CommandResult r = result(f);
        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(h.vehicle.received(CommandLong.class)).extracting(CommandLong::confirmation).containsExactly(0, 1, 2);
    }

    @Test
    void noAckAtAll_timesOutAfterTheRetries() throws Exception {
        CompletableFuture<CommandResult> f = arm();
        for (int sent = 1; sent <= 4; sent++) {
            int n = sent;
            await("attempt " + n, () -> h.vehicle.received(CommandLong.class).size() == n);
            h.advance(Duration.ofSeconds(1));
        }
        CommandResult r = result(f);
        assertThat(r.outcome()).isEqualTo(CommandOutcome.TIMED_OUT);
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(r.detail()).contains("vehicle 1/1", "400", "4 attempt");
        assertThat(h.vehicle.received(CommandLong.class)).extracting(CommandLong::confirmation).containsExactly(0, 1, 2, 3);
    }

    @Test
    void inProgress_reportsProgressAndWaitsLonger_thenFinalAck() throws Exception {
        List<Integer> progress = new CopyOnWriteArrayList<>();
        h.vehicle.script(m -> m instanceof CommandLong ? List.of(ack(TAKEOFF, 5, 40)) : List.of());
        CompletableFuture<CommandResult> f = h.endpoint.commands()
                .send(CommandRequest.longForm(VEHICLE, TAKEOFF, 0, 0, 0, 0, 0, 0, 10), progress::add);
        await("progress 40", () -> progress.contains(40));
        h.advance(Duration.ofMillis(2500));   // past the ack timeout, inside the progress timeout
        assertThat(f).isNotDone();
        h.vehicle.send(ack(TAKEOFF, 5, 80));
        await("progress 80", () -> progress.contains(80));
        h.vehicle.send(ack(TAKEOFF, 0, 100));
        CommandResult r = result(f);
        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(progress).containsExactly(40, 80);
        assertThat(h.vehicle.received(CommandLong.class)).hasSize(1);
    }

    @Test
    void inProgress_thenSilence_timesOutWithTheLongTimeout() throws Exception {
        List<Integer> progress = new CopyOnWriteArrayList<>();
        h.vehicle.script(m -> m instanceof CommandLong ? List.of(ack(TAKEOFF, 5, 255)) : List.of());
        CompletableFuture<CommandResult> f = h.endpoint.commands()
                .send(CommandRequest.longForm(VEHICLE, TAKEOFF), progress::add);
        await("progress unknown", () -> progress.contains(255));
        h.advance(Duration.ofSeconds(3));
        assertThat(result(f).outcome()).isEqualTo(CommandOutcome.TIMED_OUT);
    }

    @Test
    void cancel_ofARunningCommand_sendsCommandCancel_andEndsWithTheVehiclesAnswer() throws Exception {
        List<Integer> progress = new CopyOnWriteArrayList<>();
        h.vehicle.script(m -> switch (m) {
            case CommandLong c -> List.of(ack(TAKEOFF, 5, 10));
            case CommandCancel c -> List.of(ack(c.command().value(), 6, 255));
            default -> List.of();
        });
        CompletableFuture<CommandResult> f = h.endpoint.commands().send(CommandRequest.longForm(VEHICLE, TAKEOFF),
                progress::add);
        await("running", () -> progress.contains(10));
        h.endpoint.commands().cancel(VEHICLE, TAKEOFF);
        assertThat(result(f).outcome()).isEqualTo(CommandOutcome.CANCELLED);
        assertThat(h.vehicle.received(CommandCancel.class)).singleElement()
                .satisfies(c -> assertThat(c.command().value()).isEqualTo(TAKEOFF));
    }

    @Test
    void secondRequestForTheSameTargetAndCommand_isRejectedBusy_whileTheFirstIsOutstanding() throws Exception {
        CompletableFuture<CommandResult> first = arm();
        CommandResult second = result(arm());
        assertThat(second.outcome()).isEqualTo(CommandOutcome.BUSY);
        assertThat(second.detail()).contains("still outstanding");
        h.vehicle.send(ack(ARM, 0, 0));
        assertThat(result(first).outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        await("one command on the wire", () -> h.vehicle.received(CommandLong.class).size() == 1);
    }

    @Test
    void commandLongOnly_answer_resendsAsCommandLong() throws Exception {
        h.vehicle.script(m -> switch (m) {
            case CommandInt c -> List.of(ack(REPOSITION, 7, 0));   // COMMAND_LONG_ONLY
            case CommandLong c -> List.of(ack(REPOSITION, 0, 0));
            default -> List.of();
        });
        CommandResult r = result(h.endpoint.commands().send(CommandRequest.intForm(VEHICLE, REPOSITION, 6, -1, 1, 0, 0,
                47.3977418, 8.5455939, 20)));
        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(h.vehicle.received(CommandInt.class)).singleElement()
                .satisfies(c -> assertThat(c.x()).isEqualTo(473977418));
        assertThat(h.vehicle.received(CommandLong.class)).singleElement()
                .satisfies(c -> assertThat(c.param5()).isEqualTo((float) 47.3977418));
    }

    @Test
    void commandIntOnly_answer_resendsAsCommandInt() throws Exception {
        h.vehicle.script(m -> switch (m) {
            case CommandLong c -> List.of(ack(REPOSITION, 8, 0));  // COMMAND_INT_ONLY
            case CommandInt c -> List.of(ack(REPOSITION, 0, 0));
            default -> List.of();
        });
        CommandResult r = result(h.endpoint.commands().send(new CommandRequest(VEHICLE, REPOSITION, -1, 1, 0, 0,
                47.3977418, 8.5455939, 20, false, 6)));
        assertThat(r.outcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(h.vehicle.received(CommandInt.class)).singleElement()
                .satisfies(c -> assertThat(c.y()).isEqualTo(85455939));
    }

    @Test
    void ackForAnotherGroundStation_isIgnored() throws Exception {
        CompletableFuture<CommandResult> f = arm();
        await("sent", () -> h.vehicle.received(CommandLong.class).size() == 1);
        h.vehicle.send(io.dronefleet.mavlink.common.CommandAck.builder()
                .command(io.dronefleet.mavlink.util.EnumValue.create(io.dronefleet.mavlink.common.MavCmd.class, ARM))
                .result(io.dronefleet.mavlink.util.EnumValue.create(io.dronefleet.mavlink.common.MavResult.class, 0))
                .targetSystem(254).targetComponent(190).build());
        h.vehicle.send(ack(ARM, 2, 0));
        assertThat(result(f).outcome()).isEqualTo(CommandOutcome.DENIED);
    }
}

package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandCancel;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.mavlink.CommandMachine.Action;
import io.streetstation.bridge.mavlink.CommandMachine.Form;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Sends commands and matches COMMAND_ACKs (on target sys/comp and command), with retries that
 * increment {@code confirmation}, IN_PROGRESS handling, COMMAND_CANCEL and the *_ONLY form switch.
 * One outstanding instance per (target, command): a second request while one runs completes at once
 * with {@link CommandOutcome#BUSY}.
 *
 * <p>Thread-safe entry points; all state lives on the endpoint's dispatch thread, where the returned
 * futures are completed and progress is reported (use the *Async variants to leave that thread).
 */
@SuppressWarnings("deprecation") // COMMAND_CANCEL, MISSION_REQUEST and MISSION_ITEM: the spec asks us to support them
public final class CommandService {

    private static final TaggedLogger LOG = Logger.tag("mavlink");

    private record Key(ComponentId target, int command) {
    }

    private static final class Outstanding {
        final CommandRequest request;
        final CompletableFuture<CommandResult> future;
        final IntConsumer progress;
        CommandMachine.State state;
        StationClock.Timer timer;
        long generation;
        int attempts;
        int lastProgress = -1;
        int resultParam2;

        Outstanding(CommandRequest request, CompletableFuture<CommandResult> future, IntConsumer progress) {
            this.request = request;
            this.future = future;
            this.progress = progress;
        }
    }

    private final Dispatcher dispatcher;
    private final StationClock clock;
    private final Outbox out;
    private final ComponentId self;
    private final Duration ackTimeout;
    private final Duration progressTimeout;
    private final int maxRetries;
    private final Map<Key, Outstanding> outstanding = new HashMap<>();

    CommandService(Dispatcher dispatcher, StationClock clock, Outbox out, ComponentId self, MavlinkConfig config) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.out = out;
        this.self = self;
        this.ackTimeout = config.commandAckTimeout();
        this.progressTimeout = config.commandProgressTimeout();
        this.maxRetries = config.commandRetries();
    }

    public CompletableFuture<CommandResult> send(CommandRequest request) {
        return send(request, p -> { });
    }

    /** @param progress receives IN_PROGRESS progress values (0..100, 255 unknown) */
    public CompletableFuture<CommandResult> send(CommandRequest request, IntConsumer progress) {
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        dispatcher.post(() -> start(request, progress, future));
        return future;
    }

    /**
     * Cancels the outstanding {@code command} to {@code target}: COMMAND_CANCEL goes out; a running
     * command then ends with the vehicle's final ACK (CANCELLED when it complies).
     */
    public void cancel(ComponentId target, int command) {
        dispatcher.post(() -> fire(new Key(target, command), new CommandMachine.CancelRequested()));
    }

    // ---- dispatch thread

    private void start(CommandRequest request, IntConsumer progress, CompletableFuture<CommandResult> future) {
        Key key = new Key(request.target(), request.command());
        if (outstanding.containsKey(key)) {
            future.complete(new CommandResult(request.target(), request.command(), CommandOutcome.BUSY, -1, 0, 0,
                    "vehicle " + request.target() + ": command " + request.command()
                            + " is still outstanding; not sent again"));
            return;
        }
        Outstanding o = new Outstanding(request, future, progress);
        Form form = request.useInt() ? Form.INT : Form.LONG;
        o.state = CommandMachine.initial(form);
        outstanding.put(key, o);
        execute(key, o, CommandMachine.start(form));   // the bytes go out before the log line is written
        LOG.info("vehicle {}: command {} sent as COMMAND_{}", request.target(), request.command(), form);
    }

    void onAck(InboundMessage<CommandAck> m) {
        CommandAck ack = m.payload();
        if ((ack.targetSystem() != 0 && ack.targetSystem() != self.systemId())
                || (ack.targetComponent() != 0 && ack.targetComponent() != self.componentId())) {
            return; // for another ground station
        }
        int command = ack.command() == null ? -1 : ack.command().value();
        Key key = new Key(new ComponentId(m.systemId(), m.componentId()), command);
        if (!outstanding.containsKey(key)) {
            key = new Key(new ComponentId(m.systemId(), 0), command); // sent to all components
        }
        int result = ack.result() == null ? -1 : ack.result().value();
        fire(key, new CommandMachine.AckReceived(result, ack.progress(), ack.resultParam2()));
    }

    private void fire(Key key, CommandMachine.Event event) {
        Outstanding o = outstanding.get(key);
        if (o == null) {
            LOG.debug("command {} to {}: {} with nothing outstanding", key.command(), key.target(), event);
            return;
        }
        if (event instanceof CommandMachine.AckReceived a) {
            o.resultParam2 = a.resultParam2();
        }
        CommandMachine.Transition t = CommandMachine.step(o.state, event, maxRetries);
        if (!t.legal()) {
            LOG.warn("vehicle {}: command {}: {} ignored in {}", key.target(), key.command(), event, o.state);
            return;
        }
        o.state = t.next();
        execute(key, o, t.actions());
    }

    private void execute(Key key, Outstanding o, java.util.List<Action> actions) {
        for (Action a : actions) {
            switch (a) {
                case CommandMachine.Send s -> {
                    o.attempts++;
                    out.send(s.form() == Form.LONG ? longMessage(o.request, s.confirmation()) : intMessage(o.request));
                }
                case CommandMachine.SendCancel c -> out.send(CommandCancel.builder()
                        .targetSystem(key.target().systemId()).targetComponent(key.target().componentId())
                        .command(EnumValue.create(MavCmd.class, key.command())).build());
                case CommandMachine.StartAckTimer t -> startTimer(key, o, ackTimeout);
                case CommandMachine.StartProgressTimer t -> startTimer(key, o, progressTimeout);
                case CommandMachine.ReportProgress p -> {
                    o.lastProgress = p.progress();
                    try {
                        o.progress.accept(p.progress());
                    } catch (RuntimeException e) {
                        LOG.error(e, "progress listener failed: {}", e.toString());
                    }
                }
                case CommandMachine.Complete c -> {
                    if (o.timer != null) {
                        o.timer.cancel();
                    }
                    outstanding.remove(key);
                    String detail = "vehicle " + key.target() + ": command " + key.command() + ": " + c.detail();
                    LOG.info("{} -> {}", detail, c.outcome());
                    o.future.complete(new CommandResult(key.target(), key.command(), c.outcome(), o.lastProgress,
                            o.resultParam2, o.attempts, detail));
                }
            }
        }
    }

    private void startTimer(Key key, Outstanding o, Duration d) {
        if (o.timer != null) {
            o.timer.cancel();
        }
        long generation = ++o.generation;
        o.timer = clock.schedule(d, () -> dispatcher.post(() -> {
            Outstanding now = outstanding.get(key);
            if (now == o && o.generation == generation) {
                fire(key, new CommandMachine.TimedOut());
            }
        }));
    }

    private CommandLong longMessage(CommandRequest r, int confirmation) {
        return CommandLong.builder().targetSystem(r.target().systemId()).targetComponent(r.target().componentId())
                .command(EnumValue.create(MavCmd.class, r.command())).confirmation(confirmation & 0xFF)
                .param1(r.param1()).param2(r.param2()).param3(r.param3()).param4(r.param4())
                .param5((float) r.param5()).param6((float) r.param6()).param7(r.param7()).build();
    }

    private CommandInt intMessage(CommandRequest r) {
        return CommandInt.builder().targetSystem(r.target().systemId()).targetComponent(r.target().componentId())
                .frame(EnumValue.create(MavFrame.class, r.frame())).command(EnumValue.create(MavCmd.class, r.command()))
                .current(0).autocontinue(0).param1(r.param1()).param2(r.param2()).param3(r.param3())
                .param4(r.param4()).x(r.scaledX()).y(r.scaledY()).z(r.param7()).build();
    }

    /** The endpoint is closing: every outstanding command ends CANCELLED. */
    void close() {
        for (Map.Entry<Key, Outstanding> e : outstanding.entrySet()) {
            Outstanding o = e.getValue();
            if (o.timer != null) {
                o.timer.cancel();
            }
            o.future.complete(new CommandResult(e.getKey().target(), e.getKey().command(), CommandOutcome.CANCELLED,
                    o.lastProgress, 0, o.attempts, "vehicle " + e.getKey().target() + ": endpoint closed"));
        }
        outstanding.clear();
    }
}

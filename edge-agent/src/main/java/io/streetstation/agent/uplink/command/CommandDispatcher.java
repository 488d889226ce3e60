package io.streetstation.agent.uplink.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.actor.Failures;
import io.streetstation.agent.config.UplinkSettings.Scope;
import io.streetstation.agent.uplink.Bodies;
import io.streetstation.agent.uplink.MqttTransport;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.Topics;
import io.streetstation.agent.uplink.TrafficClass;
import io.streetstation.agent.uplink.Uuid7;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The command path, on one thread of its own ("commands"): parse → verify (signature, time,
 * scope of the key) → check the fit (handler by name, target, required scope, parameters) →
 * claim in the journal (replay and idempotency) together with the first outcome, accepted or
 * rejected, in one transaction → {@code accepted} → run → {@code in_progress} … →
 * {@code succeeded} | {@code failed} | {@code timed_out}. Anything refused on the way gets a
 * {@code rejected} reply with its reason, a {@code command.rejected} event and a log line, and
 * reaches no handler. The MQTT message is acknowledged only after the journal has the command, so
 * a crash in between makes the broker deliver it again and the journal answer it.
 *
 * <p>Replies go through the outbox (class REPLY, ahead of everything but status) to the command's
 * response topic when it lies in the station's own tree, else to the default reply topic, with
 * the command's correlation data.
 */
public final class CommandDispatcher implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("commands");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final String stationId;
    private final Topics topics;
    private final CommandVerifier verifier;
    private final CommandJournal journal;
    private final Outbox outbox;
    private final StationClock clock;
    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();
    private final BiConsumer<MqttTransport.Incoming, MqttTransport> ack;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("commands")
            .daemon().unstarted(r));
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong executed = new AtomicLong();

    /**
     * @param ack acknowledges an MQTT message on the connection it came from
     */
    public CommandDispatcher(String stationId, CommandVerifier verifier, CommandJournal journal, Outbox outbox,
                             StationClock clock, BiConsumer<MqttTransport.Incoming, MqttTransport> ack) {
        this.stationId = stationId;
        this.topics = new Topics(stationId);
        this.verifier = verifier;
        this.journal = journal;
        this.outbox = outbox;
        this.clock = clock;
        this.ack = ack;
    }

    public void register(CommandHandler h) {
        if (handlers.putIfAbsent(h.name(), h) != null) {
            throw new IllegalArgumentException("command " + h.name() + " registered twice");
        }
    }

    /** Command names known, in registration order. */
    public java.util.Set<String> names() {
        return handlers.keySet();
    }

    /** Commands rejected since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Commands handed to a handler since start (never twice for one id). */
    public long executed() {
        return executed.get();
    }

    /** Hands a message over from the MQTT client's thread; never blocks. */
    public void received(MqttTransport.Incoming m, MqttTransport from) {
        thread.execute(() -> {
            try {
                handle(m, from);
            } catch (RuntimeException e) {
                LOG.error(e, "command on {}: {}", m.topic(), e.toString());
            }
        });
    }

    private void handle(MqttTransport.Incoming m, MqttTransport from) {
        CommandParser.Result parsed = CommandParser.parse(m.payload(), m.responseTopic(), m.correlationData());
        if (parsed instanceof CommandParser.Rejected r) {
            reject(r.commandId().orElse("unreadable"), null, m.responseTopic(), m.correlationData(), r.rejection());
            ack.accept(m, from);
            return;
        }
        Command c = ((CommandParser.Parsed) parsed).command();
        Optional<Rejection> bad = verifier.verify(c, stationId);
        if (bad.isPresent()) {
            // not journalled: an unverified id must not occupy the idempotency cache
            reject(c.id(), c, m.responseTopic(), m.correlationData(), bad.get());
            ack.accept(m, from);
            return;
        }
        // fit is a pure check of name, target, scope and parameters: worked out first so that the
        // claim and the first outcome go to disk in one transaction, one sync before the hardware
        Optional<Rejection> unfit = fit(c);
        switch (journal.claim(c.nonce(), c.id(), c.expiresAt(), unfit.isPresent() ? "rejected" : "accepted",
                unfit.map(Rejection::reason).orElse(null))) {
            case REPLAY -> {
                reject(c.id(), c, m.responseTopic(), m.correlationData(), new Rejection(RejectionCodes.REPLAYED,
                        "nonce or id already used by another command"));
                ack.accept(m, from);
                return;
            }
            case SAME_COMMAND -> {
                repeat(c);
                ack.accept(m, from);
                return;
            }
            case NEW -> {
                // go on
            }
        }
        if (unfit.isPresent()) {
            reject(c.id(), c, m.responseTopic(), m.correlationData(), unfit.get());
            ack.accept(m, from);
            return;
        }
        // the claim is on disk: the hardware goes first, then the PUBACK, the reply and the log line,
        // whose threads (MQTT sender, outbox writer, logger) would otherwise wake ahead of the link's;
        // the handler's progress and outcome come through this thread's queue, so after "accepted"
        executed.incrementAndGet();
        run(c, handlers.get(c.name()));
        ack.accept(m, from);
        reply(c, "accepted", null, null, null, null, false);
        LOG.info("command {} {} → {} accepted", c.id(), c.name(), c.target());
    }

    /** Name, target, scope the command needs, parameters. */
    private Optional<Rejection> fit(Command c) {
        CommandHandler h = handlers.get(c.name());
        if (h == null) {
            return Optional.of(new Rejection(RejectionCodes.COMMAND_UNKNOWN, "no command " + Rejection.quote(c.name())
                    + "; known: " + handlers.keySet()));
        }
        if (!h.targets().contains(c.target())) {
            return Optional.of(new Rejection(RejectionCodes.TARGET_UNKNOWN, c.name() + " applies to " + h.targets()
                    + ", not " + Rejection.quote(c.target())));
        }
        if (h.scope() == Scope.MAINTENANCE && c.scope() != Scope.MAINTENANCE) {
            return Optional.of(new Rejection(RejectionCodes.SCOPE_INSUFFICIENT, c.name()
                    + " is a maintenance command; the command claims scope operate"));
        }
        return h.validate(c.target(), c.params()).map(why -> new Rejection(RejectionCodes.PARAMS_INVALID, why));
    }

    private void run(Command c, CommandHandler h) {
        CompletableFuture<ObjectNode> done;
        try {
            done = h.run(c, (step, percent) -> thread.execute(() -> {
                journal.record(c.id(), "in_progress", null, null);
                // the contract keeps a step to 60 characters: a longer one is cut, never refused
                reply(c, "in_progress", null, step.length() > 60 ? step.substring(0, 59) + "…" : step,
                        Math.max(0, Math.min(100, percent)), null, false);
            }));
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ObjectNode> job = done;
        StationClock.Timer deadline = clock.schedule(h.deadline(), () -> job.cancel(true));
        job.whenCompleteAsync((result, e) -> {
            deadline.cancel();
            finish(c, result, e, h.deadline());
        }, thread);
    }

    private void finish(Command c, ObjectNode result, Throwable e, Duration deadline) {
        Throwable cause = Failures.cause(e);
        if (cause == null) {
            journal.record(c.id(), "succeeded", null, result == null ? null : result.toString());
            reply(c, "succeeded", null, null, null, result, false);
            LOG.info("command {} {} succeeded", c.id(), c.name());
        } else if (cause instanceof CancellationException) {
            String reason = "deadline: not done within " + deadline.toSeconds() + " s";
            journal.record(c.id(), "timed_out", reason, null);
            reply(c, "timed_out", reason, null, null, null, false);
            LOG.warn("command {} {} timed out", c.id(), c.name());
        } else {
            String reason = cause instanceof CommandHandler.CommandFailedException f ? f.reason()
                    : "internal: " + cause;
            journal.record(c.id(), "failed", reason, null);
            reply(c, "failed", reason, null, null, null, false);
            LOG.warn("command {} {} failed: {}", c.id(), c.name(), reason);
        }
    }

    /** The same command again: its latest outcome, marked repeated; nothing is done again. */
    private void repeat(Command c) {
        Optional<CommandJournal.Outcome> o = journal.outcome(c.id());
        String state = o.map(CommandJournal.Outcome::state).orElse("accepted");
        ObjectNode result = null;
        if (o.isPresent() && o.get().resultJson().isPresent()) {
            try {
                result = (ObjectNode) JSON.readTree(o.get().resultJson().get());
            } catch (java.io.IOException | ClassCastException ex) {
                LOG.warn("command {}: stored result unreadable: {}", c.id(), ex.toString());
            }
        }
        LOG.info("command {} {} seen before: answered with its outcome {}", c.id(), c.name(), state);
        reply(c, state, o.flatMap(CommandJournal.Outcome::reason).orElse(null), null, null, result, true);
    }

    private void reject(String id, Command c, String responseTopic, byte[] correlation, Rejection r) {
        rejected.incrementAndGet();
        LOG.warn("command {} rejected: {}", id, r.reason());
        ObjectNode body = Bodies.object().put("commandId", id).put("state", "rejected").put("reason", cut(r.reason()));
        append(body, responseTopic, correlation);
        ObjectNode event = Bodies.event(Topics.STATION, Bodies.Kind.REFUSAL, Bodies.Severity.WARNING, "command.rejected",
                "command " + id + (c == null ? "" : " " + c.name() + " → " + c.target()) + " rejected: " + r.reason());
        ObjectNode data = event.putObject("data").put("commandId", id).put("code", r.code());
        if (c != null) {
            data.put("name", c.name()).put("target", c.target()).put("keyId", c.keyId());
        }
        outbox.append(Outbox.Message.of(Uuid7.id(), TrafficClass.EVENT, Bodies.EVENT, topics.events(Topics.STATION), false,
                Bodies.bytes(event), clock.now()));
    }

    private void reply(Command c, String state, String reason, String step, Integer percent, ObjectNode result,
                       boolean repeated) {
        ObjectNode body = Bodies.object().put("commandId", c.id()).put("state", state);
        if (reason != null) {
            body.put("reason", cut(reason));
        }
        if (step != null) {
            body.put("step", step.length() <= 60 ? step : step.substring(0, 60));
        }
        if (percent != null) {
            body.put("percent", percent);
        }
        if (repeated) {
            body.put("repeated", true);
        }
        if (result != null) {
            body.set("result", result);
        }
        append(body, c.responseTopic(), c.correlationData());
    }

    private void append(ObjectNode body, String responseTopic, byte[] correlation) {
        String topic = responseTopic != null && topics.owns(responseTopic) ? responseTopic : topics.replies();
        outbox.append(new Outbox.Message(Uuid7.id(), TrafficClass.REPLY, Bodies.REPLY, topic, false, Bodies.bytes(body),
                clock.now(), correlation, 0)).exceptionally(e -> {
                    LOG.error("reply {} could not be queued: {}", body, e.toString());
                    return null;
                });
    }

    private static String cut(String s) {
        return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

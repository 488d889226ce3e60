package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import io.streetstation.agent.uplink.command.CommandDispatcher;
import io.streetstation.agent.uplink.command.SignedCommandBuilder;
import io.streetstation.hil.central.CentralKeys;
import io.streetstation.hil.central.CentralView;
import io.streetstation.hil.central.ContractValidator;
import io.streetstation.hil.rig.SimCopter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commands from central over MQTT, end to end: the reply lifecycle on the response topic with
 * the correlation data echoed, what each command does to the simulated devices, idempotency,
 * commands queued at the broker while the agent is down, and a catalogue of bad commands that are
 * all rejected with their code while nothing moves. Every message central receives is also held
 * to the contract.
 */
@ExtendWith(StationExtension.class)
@MaxSpeed(10)   // a 5 s command deadline is 0.5 s of real time at ×10; at ×60 a GC pause would time a ping out
class CommandScenario {


    private static CommandDispatcher dispatcher(Station station) {
        return station.agent().commands().orElseThrow();
    }

    private static List<String> states(List<JsonNode> replies) {
        return replies.stream().map(b -> b.path("state").asText()).toList();
    }

    @Test
    void lifecycle_eachCommandIsAnswered_onTheResponseTopic_andActsOnTheDevice(Station station) {
        Central central = new Central(station);
        String id = station.agent().config().stationId();

        SignedCommandBuilder ping = station.keys().signOperate(central.command("station", "ping"));
        String pc = central.send(ping);
        JsonNode pong = central.terminal(pc, "ping");
        assertThat(states(central.replies(pc))).containsExactly("accepted", "succeeded");
        assertThat(central.replies(pc)).allSatisfy(b -> assertThat(b.path("commandId").asText()).isEqualTo(ping.field("id")));
        assertThat(pong.path("result").path("agentVersion").asText()).isNotEmpty();
        assertThat(central.received(r -> r.topicClass().equals("replies"))).allSatisfy(
                r -> assertThat(r.topic()).isEqualTo("stations/" + id + "/station/replies"));

        long fastBefore = central.count("fast");
        String fc = central.send(station.keys().signOperate(central.command("drone-1", "set_fast_telemetry")
                .withParams("{\"hz\":5,\"durationS\":30}")));
        assertThat(central.terminal(fc, "set_fast_telemetry").path("state").asText()).isEqualTo("succeeded");
        station.await("fast telemetry of drone-1", Duration.ofSeconds(20), () -> central.received(
                r -> r.topic().equals("stations/" + id + "/drone-1/fast")).size() > fastBefore + 3);
        assertThat(central.received(r -> r.topicClass().equals("fast")))
                .allSatisfy(r -> assertThat(body(r).path("device").asText()).isEqualTo("drone-1"));

        long births = central.count("birth");
        String rc = central.send(station.keys().signHmac(central.command("station", "rebirth")));
        assertThat(central.terminal(rc, "rebirth").path("state").asText()).isEqualTo("succeeded");
        station.await("a new birth", Duration.ofSeconds(30), () -> central.count("birth") > births);

        SimCopter copter = station.rig().copter(1);
        String tc = central.send(station.keys().signOperate(central.command("drone-1", "return_to_launch")));
        JsonNode rtl = central.terminal(tc, "return_to_launch");
        assertThat(rtl.path("state").asText()).as(rtl.toString()).isEqualTo("succeeded");
        assertThat(rtl.path("result").path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(copter.mode()).as("ArduCopter mode 6 = RTL").isEqualTo(6);
        station.await("drone-1 telemetry says RTL", Duration.ofSeconds(30), () -> central.received(
                r -> r.topic().equals("stations/" + id + "/drone-1/telemetry")).stream()
                .anyMatch(r -> body(r).path("fields").path("mode").asText().equals("RTL")));

        String ec = central.send(station.keys().signMaintenance(central.command("nest", "estop_reset").withScope(Scope.MAINTENANCE)));
        JsonNode reset = central.terminal(ec, "estop_reset");
        assertThat(states(central.replies(ec))).startsWith("accepted");
        assertThat(reset.path("state").asText()).as(reset.toString()).isIn("succeeded", "failed");
        if (reset.path("state").asText().equals("failed")) {
            assertThat(reset.path("reason").asText()).isNotBlank();
        }
        assertThat(dispatcher(station).executed()).isEqualTo(5);
        central.assertContractKept();
    }

    @Test
    void sameSignedCommandTwice_isAnsweredAsRepeated_andRunsOnce(Station station) {
        Central central = new Central(station);
        byte[] bytes = station.keys().signOperate(central.command("drone-2", "set_fast_telemetry")
                .withParams("{\"hz\":2,\"durationS\":5}")).json();
        long executed = dispatcher(station).executed();

        String first = central.send(bytes);
        assertThat(central.terminal(first, "first copy").path("state").asText()).isEqualTo("succeeded");
        String second = central.send(bytes);
        JsonNode again = central.terminal(second, "second copy");

        assertThat(central.replies(second)).as("one answer, the earlier outcome").hasSize(1);
        assertThat(again.path("state").asText()).isEqualTo("succeeded");
        assertThat(again.path("repeated").asBoolean()).isTrue();
        assertThat(again.path("result")).isEqualTo(central.terminal(first, "first copy").path("result"));
        assertThat(central.replies(first)).noneMatch(b -> b.path("repeated").asBoolean());
        assertThat(dispatcher(station).executed()).isEqualTo(executed + 1);
        central.assertContractKept();
    }

    @Test
    void commandsQueuedWhileTheAgentIsDown_areEachRunOnceAfterItsRestart(Station station) {
        Central central = new Central(station);
        List<String> correlations = new ArrayList<>();
        station.restartAgent(() -> {
            correlations.add(central.send(station.keys().signOperate(central.command("station", "ping"))));
            correlations.add(central.send(station.keys().signOperate(central.command("station", "rebirth"))));
            correlations.add(central.send(station.keys().signHmac(central.command("drone-3", "set_fast_telemetry")
                    .withParams("{\"hz\":1,\"durationS\":10}"))));
        });
        for (String c : correlations) {
            central.terminal(c, "queued command " + c);
        }
        // a barrier: one more command, answered after anything the three could still produce
        central.terminal(central.send(station.keys().signOperate(central.command("station", "ping"))), "barrier ping");

        for (String c : correlations) {
            List<String> states = states(central.replies(c));
            assertThat(states).as("replies to %s", c).containsExactly("accepted", "succeeded");
        }
        assertThat(dispatcher(station).executed()).as("the restarted agent ran each once, and the barrier").isEqualTo(4);
        central.assertContractKept();
    }

    /** A bad command, the code its rejection must start with, and whether its id can be read. */
    private record Bad(String what, byte[] json, String code, String commandId) {
    }

    @Test
    void badCommands_areRejectedWithTheirCode_andNothingMoves(Station station) {
        Central central = new Central(station);
        CentralKeys keys = station.keys();
        String id = station.agent().config().stationId();

        // one good command first: its nonce and id are then taken
        SignedCommandBuilder used = keys.signOperate(central.command("station", "ping"));
        assertThat(central.terminal(central.send(used), "good ping").path("state").asText()).isEqualTo("succeeded");

        long executed = dispatcher(station).executed();
        long rejected = dispatcher(station).rejected();
        List<Integer> modes = new ArrayList<>();
        List<Boolean> armed = new ArrayList<>();
        for (int bay = 1; bay <= 4; bay++) {
            modes.add(station.rig().copter(bay).mode());
            armed.add(station.rig().copter(bay).armed());
        }
        var roof = station.rig().nest().roofPhase();

        Instant now = station.clock().now();
        // each call a fresh id and nonce: commands refused after the journal claimed them must not share either
        Supplier<SignedCommandBuilder> rtl = () -> central.command("drone-1", "return_to_launch");
        Supplier<SignedCommandBuilder> fast = () -> central.command("drone-1", "set_fast_telemetry")
                .withParams("{\"hz\":5,\"durationS\":30}");
        Supplier<SignedCommandBuilder> estop = () -> central.command("nest", "estop_reset").withScope(Scope.MAINTENANCE);
        byte[] wrongSecret = new byte[32];
        new SecureRandom().nextBytes(wrongSecret);
        String zeros = Base64.getEncoder().encodeToString(new byte[64]);

        List<Bad> bad = new ArrayList<>();
        add(bad, "unsigned", rtl.get(), "malformed");
        add(bad, "signature removed", keys.signOperate(rtl.get()).without("signature"), "malformed");
        add(bad, "signature of zeros", keys.signOperate(rtl.get()).withSignature(zeros), "signature.bad");
        add(bad, "signature too short", keys.signOperate(rtl.get()).withSignature("AAAA"), "signature.bad");
        add(bad, "target changed after signing", keys.signOperate(rtl.get()).withTarget("drone-2"), "signature.bad");
        add(bad, "params changed after signing", keys.signOperate(fast.get()).withParams("{\"hz\":10,\"durationS\":600}"), "signature.bad");
        add(bad, "scope raised after signing", keys.signOperate(estop.get().withScope(Scope.OPERATE)).withScope(Scope.MAINTENANCE), "signature.bad");
        add(bad, "signed by another key than it names", keys.signMaintenance(rtl.get()).withKeyId(CentralKeys.OPERATE), "signature.bad");
        add(bad, "HMAC with a wrong secret", rtl.get().signHmac(CentralKeys.HMAC, wrongSecret), "signature.bad");
        add(bad, "unknown key id", keys.signOperate(rtl.get()).withKeyId("central-nobody"), "key.unknown");
        add(bad, "alg not the key's", keys.signOperate(rtl.get()).withAlg(Alg.HMAC_SHA256), "alg.mismatch");
        add(bad, "expired", keys.signOperate(rtl.get().withIssuedAt(now.minus(Duration.ofMinutes(10)))
                .withExpiresAt(now.minus(Duration.ofMinutes(5)))), "time.expired");
        add(bad, "issued in the future", keys.signOperate(rtl.get().withIssuedAt(now.plus(Duration.ofMinutes(5)))
                .withExpiresAt(now.plus(Duration.ofMinutes(10)))), "time.not-yet-valid");
        add(bad, "lifetime too long", keys.signOperate(rtl.get().withExpiresAt(now.plus(Duration.ofMinutes(20)))), "time.lifetime");
        add(bad, "expires before issued", keys.signOperate(rtl.get().withExpiresAt(now.minus(Duration.ofSeconds(1)))), "time.order");
        add(bad, "nonce replayed under a new id", keys.signOperate(rtl.get().withNonce(used.field("nonce"))), "replayed");
        add(bad, "id reused with a new nonce", keys.signOperate(central.command("station", "ping")
                .withId(used.field("id"))), "replayed");
        add(bad, "another station", keys.signOperate(rtl.get().withStation("zb-other-001")), "station.wrong");
        for (String field : List.of("station", "target", "name", "params", "issuedAt", "expiresAt", "nonce", "scope", "keyId")) {
            add(bad, "missing " + field, keys.signOperate(rtl.get()).without(field), "malformed");
        }
        add(bad, "missing id", keys.signOperate(rtl.get()).without("id"), "malformed", "unreadable");
        add(bad, "id not a UUID", keys.signOperate(rtl.get().withId("launch-now")), "malformed", "unreadable");
        add(bad, "extra field", keys.signOperate(rtl.get()).with("priority", "high"), "malformed");
        add(bad, "unknown schema version", keys.signOperate(rtl.get()).with("schema", "station.command/2"), "malformed");
        add(bad, "time not ISO", keys.signOperate(rtl.get()).withIssuedAt("yesterday"), "malformed");
        add(bad, "oversize payload", keys.signOperate(rtl.get()).with("padding", "x".repeat(70_000)), "malformed", "unreadable");
        add(bad, "unknown command", keys.signOperate(central.command("drone-1", "self_destruct")), "command.unknown");
        add(bad, "ping to a drone", keys.signOperate(central.command("drone-9", "ping")), "target.unknown");
        add(bad, "return_to_launch to the nest", keys.signOperate(central.command("nest", "return_to_launch")), "target.unknown");
        add(bad, "hz 11", keys.signOperate(fast.get().withParams("{\"hz\":11,\"durationS\":30}")), "params.invalid");
        add(bad, "hz -1", keys.signOperate(fast.get().withParams("{\"hz\":-1,\"durationS\":30}")), "params.invalid");
        add(bad, "durationS 0", keys.signOperate(fast.get().withParams("{\"hz\":5,\"durationS\":0}")), "params.invalid");
        add(bad, "hz \"fast\"", keys.signOperate(fast.get().withParams("{\"hz\":\"fast\",\"durationS\":30}")), "params.invalid");
        add(bad, "hz missing", keys.signOperate(fast.get().withParams("{\"durationS\":30}")), "params.invalid");
        add(bad, "unknown param", keys.signOperate(fast.get().withParams("{\"hz\":5,\"durationS\":30,\"turbo\":true}")), "params.invalid");
        add(bad, "params on rtl", keys.signOperate(rtl.get().withParams("{\"altM\":30}")), "params.invalid");
        add(bad, "maintenance command, operate scope", keys.signMaintenance(estop.get().withScope(Scope.OPERATE)), "scope.insufficient");
        add(bad, "maintenance scope, operate-only key", keys.signOperate(estop.get()), "scope.denied");
        add(bad, "maintenance scope, HMAC key", keys.signHmac(estop.get()), "scope.denied");
        bad.add(new Bad("not JSON", "{\"schema\":".getBytes(StandardCharsets.UTF_8), "malformed", "unreadable"));
        bad.add(new Bad("an array", "[1,2,3]".getBytes(StandardCharsets.UTF_8), "malformed", "unreadable"));
        bad.add(new Bad("a string", "\"return_to_launch\"".getBytes(StandardCharsets.UTF_8), "malformed", "unreadable"));
        bad.add(new Bad("empty", new byte[0], "malformed", "unreadable"));
        assertThat(bad).hasSizeGreaterThanOrEqualTo(30);

        List<String> correlations = bad.stream().map(b -> central.send(b.json())).toList();
        for (String c : correlations) {
            central.terminal(c, "rejection");
        }
        // a barrier: anything the bad commands could still cause would be answered before this
        central.terminal(central.send(keys.signOperate(central.command("station", "ping"))), "barrier ping");

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            Bad b = bad.get(i);
            List<JsonNode> replies = central.replies(correlations.get(i));
            JsonNode r = replies.get(0);
            String reason = r.path("reason").asText();
            String answeredId = r.path("commandId").asText();
            boolean idOk = answeredId.equals(b.commandId()) || b.code().equals("malformed") && answeredId.equals("unreadable");
            if (replies.size() != 1 || !r.path("state").asText().equals("rejected") || !reason.startsWith(b.code()) || !idOk) {
                wrong.add(b.what() + ": expected one rejection '" + b.code() + "' for " + b.commandId() + ", got " + replies);
            }
        }
        assertThat(wrong).as("bad commands answered otherwise").isEmpty();

        List<JsonNode> events = central.rejectionEvents();
        assertThat(events).as("one command.rejected event per bad command").hasSize(bad.size());
        for (Bad b : bad) {
            if (!b.commandId().equals("unreadable") && !b.code().equals("malformed")) {
                assertThat(events).as("event for %s", b.what()).anySatisfy(e -> {
                    assertThat(e.path("data").path("commandId").asText()).isEqualTo(b.commandId());
                    assertThat(e.path("data").path("code").asText()).isEqualTo(b.code());
                });
            }
        }

        assertThat(dispatcher(station).executed()).as("only the barrier ran").isEqualTo(executed + 1);
        assertThat(dispatcher(station).rejected()).isEqualTo(rejected + bad.size());
        for (int bay = 1; bay <= 4; bay++) {
            assertThat(station.rig().copter(bay).mode()).as("copter %d mode", bay).isEqualTo(modes.get(bay - 1));
            assertThat(station.rig().copter(bay).armed()).as("copter %d armed", bay).isEqualTo(armed.get(bay - 1));
        }
        assertThat(station.rig().nest().roofPhase()).isEqualTo(roof);
        assertThat(central.count("fast")).as("no fast tier was started").isZero();
        central.assertContractKept();
    }

    private static void add(List<Bad> bad, String what, SignedCommandBuilder b, String code) {
        bad.add(new Bad(what, b.json(), code, b.field("id")));
    }

    private static void add(List<Bad> bad, String what, SignedCommandBuilder b, String code, String commandId) {
        bad.add(new Bad(what, b.json(), code, commandId));
    }

    private static JsonNode body(CentralView.Received r) {
        return Central.body(r);
    }
}

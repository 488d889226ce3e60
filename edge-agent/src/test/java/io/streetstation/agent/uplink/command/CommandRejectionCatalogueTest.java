package io.streetstation.agent.uplink.command;

import static io.streetstation.agent.uplink.command.CommandFixture.ED;
import static io.streetstation.agent.uplink.command.CommandFixture.HMAC;
import static io.streetstation.agent.uplink.command.RejectionCodes.ALG_MISMATCH;
import static io.streetstation.agent.uplink.command.RejectionCodes.KEY_UNKNOWN;
import static io.streetstation.agent.uplink.command.RejectionCodes.MALFORMED;
import static io.streetstation.agent.uplink.command.RejectionCodes.REPLAYED;
import static io.streetstation.agent.uplink.command.RejectionCodes.SCOPE_DENIED;
import static io.streetstation.agent.uplink.command.RejectionCodes.SIGNATURE_BAD;
import static io.streetstation.agent.uplink.command.RejectionCodes.STATION_WRONG;
import static io.streetstation.agent.uplink.command.RejectionCodes.TIME_EXPIRED;
import static io.streetstation.agent.uplink.command.RejectionCodes.TIME_LIFETIME;
import static io.streetstation.agent.uplink.command.RejectionCodes.TIME_NOT_YET_VALID;
import static io.streetstation.agent.uplink.command.RejectionCodes.TIME_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a command can be bad, each with the exact code it must be rejected with and a piece of
 * the text that makes the rejection useful to whoever reads the reply. All go through the same
 * pipeline as real commands: parse, verify, claim.
 */
class CommandRejectionCatalogueTest {

    @TempDir
    Path dir;

    private CommandFixture f;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /**
     * @param code the expected rejection code
     * @param hint a fragment the text must contain (the field, the key, the number)
     * @param payload makes the bad command with the fixture's keys and clock
     */
    record Bad(String name, String code, String hint, Function<CommandFixture, byte[]> payload) {
        @Override
        public String toString() {
            return code + " ← " + name;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Stream<Bad> catalogue() {
        return Stream.of(malformed(), missingFields(), addressing(), signatures(), times(), scopeAndReplay())
                .flatMap(s -> s);
    }

    private static Stream<Bad> malformed() {
        return Stream.of(
                new Bad("truncated JSON", MALFORMED, "not JSON", f -> Arrays.copyOf(f.signedEd().json(), 60)),
                new Bad("array instead of object", MALFORMED, "an array", f -> bytes("[" + f.signedEd() + "]")),
                new Bad("a bare string", MALFORMED, "a string", f -> bytes("\"open_roof\"")),
                new Bad("JSON null", MALFORMED, "null", f -> bytes("null")),
                new Bad("empty payload", MALFORMED, "empty", f -> new byte[0]),
                new Bad("binary garbage", MALFORMED, "not JSON", f -> new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}),
                new Bad("trailing content after the object", MALFORMED, "not JSON", f -> bytes(f.signedEd() + " {}")),
                new Bad("duplicate key", MALFORMED, "Duplicate", f -> bytes(f.signedEd().toString()
                        .replaceFirst("\"target\":\"station\"", "\"target\":\"station\",\"target\":\"bay-1\""))),
                new Bad("payload over 64 KiB", MALFORMED, "65536", f -> f.command()
                        .withParams(NODES.objectNode().put("blob", "x".repeat(70_000))).signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("extra field", MALFORMED, "'debug'", f -> f.signedEd().with("debug", "true").json()),
                new Bad("wrong schema", MALFORMED, "station.command/1", f -> f.signedEd().with("schema", "station.command/2").json()),
                new Bad("id is a number", MALFORMED, "id must be a string, was a number", f -> f.signedEd().with("id", NODES.numberNode(17)).json()),
                new Bad("id in upper case", MALFORMED, "id must be a lower-case UUID", f -> f.signedEd()
                        .withId(UUID.randomUUID().toString().toUpperCase()).json()),
                new Bad("station is null", MALFORMED, "station must be a string, was null", f -> f.signedEd().with("station", NODES.nullNode()).json()),
                new Bad("target in upper case", MALFORMED, "target must be", f -> f.signedEd().withTarget("Bay-1").json()),
                new Bad("name with a hyphen", MALFORMED, "name must be", f -> f.signedEd().withName("open-roof").json()),
                new Bad("params is an array", MALFORMED, "params must be an object, was an array", f -> f.signedEd()
                        .with("params", NODES.arrayNode()).json()),
                new Bad("params integer beyond 2^53", MALFORMED, "params.count", f -> f.command()
                        .withParams("{\"count\":1152921504606846976}").signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("params string with an unpaired surrogate", MALFORMED, "params.plate holds an unpaired", f -> bytes(
                        f.command().withParams("{\"plate\":\"C12345\"}").signEd25519(ED, f.central.getPrivate()).toString()
                                .replace("\"C12345\"", "\"\\ud800C12345\""))),
                new Bad("params number out of double range", MALFORMED, "params.speed is a number out of double range", f -> bytes(
                        f.command().withParams("{\"speed\":1}").signHmac(HMAC, f.secret).toString()
                                .replace("\"speed\":1", "\"speed\":1e999"))),
                new Bad("nonce too short", MALFORMED, "nonce must be 16..64", f -> f.signedEd().withNonce("abc123").json()),
                new Bad("nonce with a slash", MALFORMED, "nonce must be", f -> f.signedEd().withNonce("abcdefgh/12345678").json()),
                new Bad("time with a space, no T", MALFORMED, "issuedAt must be a UTC time", f -> f.signedEd()
                        .withIssuedAt("2026-11-23 12:00:00Z").json()),
                new Bad("time not in UTC", MALFORMED, "issuedAt must be a UTC time", f -> f.signedEd()
                        .withIssuedAt("2026-11-23T20:00:00+08:00").json()),
                new Bad("time with ten fraction digits", MALFORMED, "expiresAt must be a UTC time", f -> f.signedEd()
                        .withExpiresAt("2026-11-23T12:01:00.0000000001Z").json()),
                new Bad("February 30th", MALFORMED, "expiresAt is not a real date", f -> f.signedEd()
                        .withExpiresAt("2026-02-30T12:01:00Z").json()),
                new Bad("time as epoch number", MALFORMED, "issuedAt must be a string, was a number", f -> f.signedEd()
                        .with("issuedAt", NODES.numberNode(1_795_000_000L)).json()),
                new Bad("unknown alg", MALFORMED, "alg must be one of Ed25519, HMAC-SHA256", f -> f.signedEd().with("alg", "RS256").json()),
                new Bad("unknown scope", MALFORMED, "scope must be one of maintenance, operate", f -> f.signedEd().with("scope", "admin").json()),
                new Bad("scope in upper case", MALFORMED, "'OPERATE'", f -> f.signedEd().with("scope", "OPERATE").json()),
                new Bad("keyId with a space", MALFORMED, "keyId must be", f -> f.signedEd().withKeyId("central ed").json()),
                new Bad("signature is a number", MALFORMED, "signature must be a string", f -> f.signedEd()
                        .with("signature", NODES.numberNode(0)).json()),
                new Bad("signature longer than 200", MALFORMED, "at most 200", f -> f.signedEd().withSignature("A".repeat(204)).json()));
    }

    private static Stream<Bad> missingFields() {
        return CommandParser.FIELDS.stream().map(field -> new Bad("missing " + field, MALFORMED, "missing field " + field,
                f -> f.signedEd().without(field).json()));
    }

    private static Stream<Bad> addressing() {
        return Stream.of(
                new Bad("addressed to another station", STATION_WRONG, "zb-other-001", f -> f.command()
                        .withStation("zb-other-001").signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("unknown key id", KEY_UNKNOWN, "'nobody'", f -> f.command()
                        .signEd25519("nobody", f.central.getPrivate()).json()),
                new Bad("HMAC under the Ed25519 key's id", ALG_MISMATCH, "key central-ed is Ed25519", f -> f.command()
                        .signHmac(ED, f.secret).json()),
                new Bad("alg says Ed25519 for the HMAC key", ALG_MISMATCH, "the command says Ed25519", f -> f.signedHmac()
                        .withAlg(Alg.ED25519).json()));
    }

    private static Stream<Bad> signatures() {
        return Stream.of(
                new Bad("signed for different params", SIGNATURE_BAD, "does not verify", f -> f.command()
                        .withParams("{\"bay\":1}").signEd25519(ED, f.central.getPrivate()).withParams("{\"bay\":2}").json()),
                new Bad("signed by another Ed25519 key", SIGNATURE_BAD, "does not verify with key central-ed", f -> f.command()
                        .signEd25519(ED, f.stranger.getPrivate()).json()),
                new Bad("HMAC with the wrong secret", SIGNATURE_BAD, "HMAC does not match", f -> f.command()
                        .signHmac(HMAC, CommandFixture.random(32)).json()),
                new Bad("target changed after signing", SIGNATURE_BAD, "does not verify", f -> f.signedEd().withTarget("bay-2").json()),
                new Bad("name changed after signing", SIGNATURE_BAD, "HMAC does not match", f -> f.signedHmac().withName("open_roof").json()),
                new Bad("expiry extended after signing", SIGNATURE_BAD, "does not verify", f -> f.signedEd()
                        .withExpiresAt(f.clock.now().plusSeconds(240)).json()),
                new Bad("issuedAt respelled (same instant)", SIGNATURE_BAD, "does not verify", f -> f.signedEd()
                        .withIssuedAt("2026-11-23T12:00:00.000Z").json()),
                new Bad("scope raised after signing", SIGNATURE_BAD, "does not verify", f -> f.signedEd()
                        .withScope(Scope.MAINTENANCE).json()),
                new Bad("nonce changed after signing", SIGNATURE_BAD, "HMAC does not match", f -> f.signedHmac()
                        .withNonce(SignedCommandBuilder.newNonce()).json()),
                new Bad("station id changed after signing, to this station", SIGNATURE_BAD, "does not verify", f -> f.command()
                        .withStation("zb-other-001").signEd25519(ED, f.central.getPrivate()).withStation(CommandFixture.STATION).json()),
                new Bad("empty signature", SIGNATURE_BAD, "0 bytes", f -> f.signedEd().withSignature("").json()),
                new Bad("signature not base64", SIGNATURE_BAD, "not base64", f -> f.signedEd().withSignature("!!not*base64!!").json()),
                new Bad("HMAC tag cut to 16 bytes", SIGNATURE_BAD, "16 bytes", f -> {
                    SignedCommandBuilder good = f.signedHmac();
                    byte[] tag = Base64.getDecoder().decode(good.field("signature"));
                    return good.withSignature(Base64.getEncoder().encodeToString(Arrays.copyOf(tag, 16))).json();
                }),
                new Bad("all-zero Ed25519 signature", SIGNATURE_BAD, "does not verify", f -> f.signedEd()
                        .withSignature(Base64.getEncoder().encodeToString(new byte[64])).json()),
                new Bad("expired and badly signed: signature first", SIGNATURE_BAD, "does not verify", f -> f.command()
                        .withIssuedAt(f.clock.now().minusSeconds(120)).withExpiresAt(f.clock.now().minusSeconds(60))
                        .signEd25519(ED, f.stranger.getPrivate()).json()));
    }

    private static Stream<Bad> times() {
        return Stream.of(
                new Bad("issued beyond the clock skew", TIME_NOT_YET_VALID, "31000 ms in the station's future", f -> f.command()
                        .withIssuedAt(f.clock.now().plusSeconds(31)).withExpiresAt(f.clock.now().plusSeconds(91))
                        .signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("expired a minute ago", TIME_EXPIRED, "expired at 2026-11-23T11:59:00Z", f -> f.command()
                        .withIssuedAt(f.clock.now().minusSeconds(120)).withExpiresAt(f.clock.now().minusSeconds(60))
                        .signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("expires exactly now", TIME_EXPIRED, "station time", f -> f.command()
                        .withIssuedAt(f.clock.now().minusSeconds(10)).withExpiresAt(f.clock.now())
                        .signHmac(HMAC, f.secret).json()),
                new Bad("expires when issued", TIME_ORDER, "is not after issuedAt", f -> f.command()
                        .withExpiresAt(f.clock.now()).signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("expires before issued", TIME_ORDER, "is not after issuedAt", f -> f.command()
                        .withExpiresAt(f.clock.now().minusSeconds(1)).signEd25519(ED, f.central.getPrivate()).json()),
                new Bad("valid one second too long", TIME_LIFETIME, "at most 300000 ms", f -> f.command()
                        .withExpiresAt(f.clock.now().plusSeconds(301)).signEd25519(ED, f.central.getPrivate()).json()));
    }

    private static Stream<Bad> scopeAndReplay() {
        return Stream.of(
                new Bad("maintenance with an operate-only key", SCOPE_DENIED, "may claim only operate, not maintenance",
                        f -> f.command().withScope(Scope.MAINTENANCE).signHmac(HMAC, f.secret).json()),
                new Bad("nonce re-used under a new id", REPLAYED, "already used", f -> {
                    SignedCommandBuilder first = f.signedEd();
                    assertThat(f.intake(first.json())).as("the original is accepted").isEmpty();
                    return first.withId(UUID.randomUUID().toString()).signEd25519(ED, f.central.getPrivate()).json();
                }),
                new Bad("id re-used with a new nonce", REPLAYED, "already used", f -> {
                    SignedCommandBuilder first = f.signedHmac();
                    assertThat(f.intake(first.json())).as("the original is accepted").isEmpty();
                    return first.withNonce(SignedCommandBuilder.newNonce()).signHmac(HMAC, f.secret).json();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void badCommand_isRejected_withItsCode_andAHelpfulText(Bad bad) {
        Optional<Rejection> r = f.intake(bad.payload().apply(f));

        assertThat(r).as(bad.name()).isPresent();
        assertThat(r.get().code()).as(bad.name() + ": " + r.get().reason()).isEqualTo(bad.code());
        assertThat(r.get().text()).as(bad.name()).isNotBlank().contains(bad.hint());
        assertThat(r.get().reason()).startsWith(bad.code() + ": ").hasSizeLessThanOrEqualTo(500);
    }

    @Test
    void catalogue_coversEveryVerificationCode_withAtLeastThirtyCases() {
        assertThat(catalogue().map(Bad::code).distinct()).containsExactlyInAnyOrder(MALFORMED, STATION_WRONG, KEY_UNKNOWN,
                ALG_MISMATCH, SIGNATURE_BAD, TIME_NOT_YET_VALID, TIME_EXPIRED, TIME_ORDER, TIME_LIFETIME, SCOPE_DENIED, REPLAYED);
        assertThat(catalogue().map(Bad::name).distinct().count()).isGreaterThanOrEqualTo(30).isEqualTo(catalogue().count());
    }

    private static byte[] bytes(Object json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}

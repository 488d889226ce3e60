package io.streetstation.agent.uplink.command;

import static io.streetstation.agent.uplink.command.CommandFixture.ED;
import static io.streetstation.agent.uplink.command.CommandFixture.HMAC;
import static io.streetstation.agent.uplink.command.CommandFixture.STATION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.streetstation.agent.config.UplinkSettings.Alg;
import io.streetstation.agent.config.UplinkSettings.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Good commands get through, carry everything the caller needs, and the checks run in the documented order. */
class CommandVerifierTest {

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

    @Test
    void goodEd25519Command_verifies() {
        Command c = CommandFixture.parsed(f.command().withName("open_roof").withTarget("nest").withParams("{\"speed\":0.5}")
                .signEd25519(ED, f.central.getPrivate()).json());

        assertThat(f.verifier.verify(c, STATION)).isEmpty();
    }

    @Test
    void goodHmacCommand_verifies() {
        Command c = CommandFixture.parsed(f.signedHmac().json());

        assertThat(c.alg()).isEqualTo(Alg.HMAC_SHA256);
        assertThat(f.verifier.verify(c, STATION)).isEmpty();
    }

    @Test
    void maintenanceScope_withAKeyAllowedIt_verifies() {
        Command c = CommandFixture.parsed(f.command().withScope(Scope.MAINTENANCE).withName("estop_reset")
                .signEd25519(ED, f.central.getPrivate()).json());

        assertThat(f.verifier.verify(c, STATION)).isEmpty();
    }

    @Test
    void boundaries_issuedExactlyAtTheSkew_andValidForExactlyTheLifetime_verify() {
        Command atSkew = CommandFixture.parsed(f.command().withIssuedAt(f.clock.now().plus(CommandFixture.SKEW))
                .withExpiresAt(f.clock.now().plus(CommandFixture.SKEW).plusSeconds(60)).signHmac(HMAC, f.secret).json());
        Command fullLifetime = CommandFixture.parsed(f.command().withExpiresAt(f.clock.now().plus(CommandFixture.LIFETIME))
                .signHmac(HMAC, f.secret).json());

        assertThat(f.verifier.verify(atSkew, STATION)).isEmpty();
        assertThat(f.verifier.verify(fullLifetime, STATION)).isEmpty();
    }

    @Test
    void aValidCommand_expiresAsTheStationClockPassesItsExpiry() {
        Command c = CommandFixture.parsed(f.signedEd().json());   // valid 60 s
        assertThat(f.verifier.verify(c, STATION)).isEmpty();

        f.clock.advance(Duration.ofSeconds(60));

        assertThat(f.verifier.verify(c, STATION)).map(Rejection::code).contains(RejectionCodes.TIME_EXPIRED);
    }

    @Test
    void commandMadeInCode_signsItsTimesInIsoForm_likeTheBuilder() {
        Instant issued = f.clock.now().plusMillis(250);
        Command unsigned = new Command("0b6f4a1e-7c1d-4c59-9a55-3f1f1b0f0a01", STATION, "nest", "open_roof",
                JsonNodeFactory.instance.objectNode().put("speed", 1), issued, issued.plusSeconds(30), "n0nce-0123456789ab",
                Scope.OPERATE, HMAC, Alg.HMAC_SHA256, new byte[0], null, null);
        byte[] tag = Base64.getDecoder().decode(CommandSignature.signHmac(CommandSignature.signingInput(unsigned), f.secret));
        Command signed = new Command(unsigned.id(), STATION, "nest", "open_roof", unsigned.params(), issued,
                issued.plusSeconds(30), unsigned.nonce(), Scope.OPERATE, HMAC, Alg.HMAC_SHA256, tag, null, null);

        assertThat(signed.issuedAtText()).isEqualTo("2026-11-23T12:00:00.250Z");
        assertThat(f.verifier.verify(signed, STATION)).isEmpty();
        assertThat(CommandFixture.parsed(f.command().withIssuedAt(issued).withExpiresAt(issued.plusSeconds(30))
                .withTarget("nest").withName("open_roof").withParams("{\"speed\":1}").withNonce(unsigned.nonce())
                .withId(unsigned.id()).signHmac(HMAC, f.secret).json())).isEqualTo(signed);
    }

    @Test
    void parsedCommand_carriesEveryField_theExactTimeTexts_andTheTransport() throws Exception {
        SignedCommandBuilder b = f.command().withTarget("bay-2").withName("charge").withParams("{\"bay\":2}")
                .withIssuedAt("2026-11-23T12:00:00.250Z").withExpiresAt("2026-11-23T12:00:30.5Z")
                .signEd25519(ED, f.central.getPrivate());
        byte[] correlation = {1, 2, 3};

        CommandParser.Result r = CommandParser.parse(b.json(), "central/replies/7", correlation);

        assertThat(r).isInstanceOf(CommandParser.Parsed.class);
        Command c = ((CommandParser.Parsed) r).command();
        assertThat(c.id()).isEqualTo(b.field("id"));
        assertThat(c.nonce()).isEqualTo(b.field("nonce"));
        assertThat(c.station()).isEqualTo(STATION);
        assertThat(c.target()).isEqualTo("bay-2");
        assertThat(c.name()).isEqualTo("charge");
        assertThat(c.params().get("bay").intValue()).isEqualTo(2);
        assertThat(c.issuedAtText()).isEqualTo("2026-11-23T12:00:00.250Z");
        assertThat(c.expiresAt()).isEqualTo(CommandFixture.T0.plusMillis(30_500));
        assertThat(c.expiresAtText()).isEqualTo("2026-11-23T12:00:30.5Z");
        assertThat(c.scope()).isEqualTo(Scope.OPERATE);
        assertThat(c.keyId()).isEqualTo(ED);
        assertThat(c.signature()).hasSize(64);
        assertThat(c.responseTopic()).isEqualTo("central/replies/7");
        assertThat(c.correlationData()).containsExactly(1, 2, 3);
        assertThat(f.verifier.verify(c, STATION)).isEmpty();
    }

    @Test
    void aVerifiedCommand_cannotBeChangedThroughItsAccessors() {
        Command c = CommandFixture.parsed(f.command().withParams("{\"bay\":1}").signEd25519(ED, f.central.getPrivate()).json());

        c.params().put("bay", 2);
        c.signature()[0] ^= 1;

        assertThat(c.params().get("bay").intValue()).isEqualTo(1);
        assertThat(f.verifier.verify(c, STATION)).isEmpty();
    }

    @Test
    void rejectedCommand_withAReadableId_carriesItForTheReply() {
        SignedCommandBuilder b = f.signedEd().with("scope", "root");

        CommandParser.Result r = CommandParser.parse(b.json(), null, null);

        assertThat(r).isInstanceOfSatisfying(CommandParser.Rejected.class, rej -> {
            assertThat(rej.commandId()).contains(b.field("id"));
            assertThat(rej.rejection().code()).isEqualTo(RejectionCodes.MALFORMED);
        });
    }

    @Test
    void rejectedCommand_withAnUnreadableId_hasNone() {
        CommandParser.Result r = CommandParser.parse(f.signedEd().withId("not-a-uuid").json(), null, null);

        assertThat(r).isInstanceOfSatisfying(CommandParser.Rejected.class,
                rej -> assertThat(rej.commandId()).isEmpty());
    }

    @Test
    void wrongStation_isReportedBeforeABadSignature() {
        Command c = CommandFixture.parsed(f.command().withStation("zb-other-001").signEd25519(ED, f.stranger.getPrivate()).json());

        assertThat(f.verifier.verify(c, STATION)).map(Rejection::code).contains(RejectionCodes.STATION_WRONG);
    }

    @Test
    void outOfScope_isReportedOnlyAfterTheTimes() {
        Command c = CommandFixture.parsed(f.command().withScope(Scope.MAINTENANCE).withExpiresAt(f.clock.now().plusSeconds(600))
                .signHmac(HMAC, f.secret).json());

        assertThat(f.verifier.verify(c, STATION)).map(Rejection::code).contains(RejectionCodes.TIME_LIFETIME);
    }

    @Test
    void builder_makesCommandsTheContractSchemaAccepts() throws Exception {
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                        b -> b.schemaMappers(m -> m.mapPrefix("https://streetstation.io/contract/", "classpath:contract/schemas/")))
                .getSchema(SchemaLocation.of("https://streetstation.io/contract/command.schema.json"));
        ObjectMapper json = new ObjectMapper();

        assertThat(schema.validate(json.readTree(f.signedEd().json()))).isEmpty();
        assertThat(schema.validate(json.readTree(f.signedHmac().withParams("{\"a\":[1,{\"b\":null}]}").json()))).isEmpty();
        assertThat(schema.validate(json.readTree(f.signedEd().withIssuedAt("2026-11-23T20:00:00+08:00").json())))
                .as("the schema, like the parser, refuses non-UTC times").isNotEmpty();
        assertThat(new String(f.signedEd().json(), StandardCharsets.UTF_8)).startsWith("{\"schema\":\"station.command/1\",\"id\":");
    }
}

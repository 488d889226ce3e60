package io.streetstation.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The MQTT contract's schemas load and resolve their references, the envelope the agent makes
 * validates, and example bodies of every message type validate against their schemas — while
 * broken ones do not.
 */
class ContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://streetstation.io/contract/", "classpath:contract/schemas/")));

    static JsonSchema schema(String file) {
        return SCHEMAS.getSchema(SchemaLocation.of("https://streetstation.io/contract/" + file));
    }

    static Set<ValidationMessage> errors(String file, String json) throws Exception {
        return schema(file).validate(JSON.readTree(json));
    }

    private static String envelope(String schema, String body) {
        Envelope e = new Envelope(schema, new Uuid7(Clock.systemUTC()).next().toString(), "zb-zhangdian-017", 3, 12_345,
                Instant.parse("2026-11-23T12:00:00.250Z"), Instant.parse("2026-11-23T12:00:01Z"), false);
        return new String(e.wrap(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "status.schema.json      | station.status/1      | {\"state\":\"OFFLINE\",\"session\":3,\"reason\":\"will\"}",
            "event.schema.json       | station.event/1       | {\"device\":\"nest\",\"kind\":\"alarm\",\"severity\":\"FAULT\",\"code\":\"roof.stall\",\"text\":\"roof motor stall at 40 %\"}",
            "event.schema.json       | station.event/1       | {\"device\":\"drone-2\",\"kind\":\"job\",\"severity\":\"INFO\",\"code\":\"job.step\",\"text\":\"roof opening\",\"job\":{\"id\":\"j-17\",\"name\":\"launch\",\"step\":\"open_roof\",\"percent\":40}}",
            "capture.schema.json     | station.capture/1     | {\"camera\":\"camera-1\",\"captureId\":\"camera-1/5/42\",\"class\":\"VEHICLE\",\"confidence\":0.93,\"box\":{\"x\":40,\"y\":30,\"w\":120,\"h\":90},\"plate\":\"鲁C12345\",\"image\":{\"bytes\":1300,\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"inline\":\"/9j/4AAQ\"}}",
            "image-chunk.schema.json | station.image-chunk/1 | {\"captureId\":\"camera-1/5/43\",\"index\":0,\"count\":3,\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"data\":\"/9j/4AAQ\"}",
            "reply.schema.json       | station.reply/1       | {\"commandId\":\"0b6f4a1e-7c1d-4c59-9a55-3f1f1b0f0a01\",\"state\":\"rejected\",\"reason\":\"signature.bad: HMAC does not match for key central-2026\"}",
            "telemetry.schema.json   | station.telemetry/1   | {\"device\":\"drone-1\",\"full\":false,\"fields\":{\"mode\":\"AUTO\",\"armed\":true,\"batteryPercent\":71.5,\"position\":{\"lat\":36.8131,\"lon\":118.0548,\"altM\":30.2}}}",
            "birth.schema.json       | station.birth/1       | {\"agentVersion\":\"0.1.0\",\"stationName\":\"Zhangdian Road 17\",\"devices\":[{\"name\":\"nest\",\"kind\":\"nest\",\"health\":\"ONLINE\",\"state\":{}}],\"outbox\":{\"depth\":{\"EVENT\":0},\"oldestAgeS\":0}}"})
    void examples_validate_inTheAgentsEnvelope(String file, String schemaName, String body) throws Exception {
        assertThat(errors(file, body)).as(file).isEmpty();
        assertThat(errors("envelope.schema.json", envelope(schemaName, body))).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "status.schema.json  | {\"state\":\"GONE\",\"session\":3}                                      | unknown state",
            "reply.schema.json   | {\"commandId\":\"c1\",\"state\":\"failed\"}                             | failed without a reason",
            "event.schema.json   | {\"device\":\"nest\",\"kind\":\"alarm\",\"severity\":\"FAULT\",\"code\":\"Roof Stall\",\"text\":\"x\"} | code not machine-readable",
            "capture.schema.json | {\"camera\":\"camera-1\",\"captureId\":\"c\",\"class\":\"VEHICLE\",\"confidence\":1.5,\"box\":{\"x\":0,\"y\":0,\"w\":1,\"h\":1},\"image\":{\"bytes\":0,\"sha256\":\"00\"}} | confidence and hash out of range",
            "telemetry.schema.json | {\"device\":\"drone-1\",\"full\":true,\"fields\":{\"battery\":50}}                | unknown field"})
    void brokenBodies_areRefused(String file, String body, String why) throws Exception {
        assertThat(errors(file, body)).as(why).isNotEmpty();
    }

    @Test
    void envelope_isWhatTheContractSays_andMissingOrWrongFieldsAreRefused() throws Exception {
        String ok = envelope("station.event/1", "{}");
        JsonNode n = JSON.readTree(ok);
        assertThat(n.get("capturedAt").asText()).isEqualTo("2026-11-23T12:00:00.250Z");
        assertThat(n.get("sentAt").asText()).isEqualTo("2026-11-23T12:00:01Z");
        assertThat(n.get("seq").asLong()).isEqualTo(12_345);

        assertThat(errors("envelope.schema.json", ok.replace("\"seq\":12345,", ""))).isNotEmpty();
        String v4 = ok.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\"");
        assertThat(errors("envelope.schema.json", v4)).as("a version-4 UUID is not a UUIDv7").isNotEmpty();
        assertThat(errors("envelope.schema.json", ok.replace("station.event/1", "event"))).isNotEmpty();
    }

    @Test
    void uuid7_hasItsVersionAndVariant_andSortsInCreationOrder_evenWithinOneMillisecond() {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        Uuid7 gen = new Uuid7(frozen);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            UUID u = gen.next();
            assertThat(u.version()).isEqualTo(7);
            assertThat(u.variant()).isEqualTo(2);
            ids.add(u.toString());
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(Long.parseLong(ids.get(0).replace("-", "").substring(0, 12), 16))
                .isEqualTo(Instant.parse("2026-11-23T12:00:00Z").toEpochMilli());
    }
}

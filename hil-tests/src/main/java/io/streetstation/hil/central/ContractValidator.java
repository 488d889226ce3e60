package io.streetstation.hil.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Central's check of the MQTT contract (edge-agent's {@code contract/schemas}): every message a
 * station publishes is an envelope whose {@code body} matches the schema the envelope names, and
 * that schema is the one the topic's class carries. Loads every schema once; thread-safe.
 */
public final class ContractValidator {

    private static final String BASE = "https://streetstation.io/contract/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCHEMA_NAME = Pattern.compile("station\\.([a-z][a-z-]*)/([1-9][0-9]*)");

    /** Topic class (last topic level) → the body schema messages on it carry. */
    private static final Map<String, String> BY_TOPIC_CLASS = Map.of(
            "telemetry", "station.telemetry/1",
            "fast", "station.telemetry/1",
            "events", "station.event/1",
            "captures", "station.capture/1",
            "chunks", "station.image-chunk/1",
            "replies", "station.reply/1",
            "status", "station.status/1",
            "birth", "station.birth/1");

    /** Body type (without {@code station.} and version) → schema file. */
    private static final Map<String, String> FILES = Map.of(
            "telemetry", "telemetry.schema.json",
            "event", "event.schema.json",
            "capture", "capture.schema.json",
            "image-chunk", "image-chunk.schema.json",
            "reply", "reply.schema.json",
            "status", "status.schema.json",
            "birth", "birth.schema.json");

    private final JsonSchema envelope;
    private final Map<String, JsonSchema> bodies;

    public ContractValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix(BASE, "classpath:contract/schemas/")));
        envelope = load(factory, "envelope.schema.json");
        Map<String, JsonSchema> m = new java.util.HashMap<>();
        FILES.forEach((type, file) -> m.put(type, load(factory, file)));
        bodies = Map.copyOf(m);
    }

    private static JsonSchema load(JsonSchemaFactory factory, String file) {
        JsonSchema s = factory.getSchema(SchemaLocation.of(BASE + file));
        s.initializeValidators();   // resolve every $ref now, not on the first message
        return s;
    }

    /** Empty when {@code r} keeps the contract, else one line per violation, each naming the topic. */
    public List<String> problems(CentralView.Received r) {
        List<String> out = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(r.payload());
        } catch (IOException e) {
            out.add(r.topic() + ": not JSON: " + e.getMessage());
            return out;
        }
        if (root == null || !root.isObject()) {
            out.add(r.topic() + ": not a JSON object");
            return out;
        }
        for (ValidationMessage v : envelope.validate(root)) {
            out.add(r.topic() + ": envelope: " + v.getMessage());
        }
        String schema = root.path("schema").asText();
        String expected = BY_TOPIC_CLASS.get(r.topicClass());
        if (expected == null) {
            out.add(r.topic() + ": topic class " + r.topicClass() + " is not in the contract");
        } else if (!expected.equals(schema)) {
            out.add(r.topic() + ": carries " + schema + ", topic class " + r.topicClass() + " carries " + expected);
        }
        Matcher m = SCHEMA_NAME.matcher(schema);
        JsonSchema body = m.matches() && m.group(2).equals("1") ? bodies.get(m.group(1)) : null;
        if (body == null) {
            out.add(r.topic() + ": no schema for body type '" + schema + "'");
        } else {
            for (ValidationMessage v : body.validate(root.path("body"))) {
                out.add(r.topic() + ": " + schema + " body: " + v.getMessage());
            }
        }
        return out;
    }
}

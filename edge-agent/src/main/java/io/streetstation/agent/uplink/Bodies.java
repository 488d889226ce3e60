package io.streetstation.agent.uplink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Message bodies of the contract (contract/schemas), built as JSON trees. Only what several
 * producers share lives here; each producer adds its own fields.
 */
public final class Bodies {

    public static final String STATUS = "station.status/1";
    public static final String BIRTH = "station.birth/1";
    public static final String TELEMETRY = "station.telemetry/1";
    public static final String EVENT = "station.event/1";
    public static final String CAPTURE = "station.capture/1";
    public static final String IMAGE_CHUNK = "station.image-chunk/1";
    public static final String REPLY = "station.reply/1";

    /** Event kinds (station.event/1 {@code kind}). */
    public enum Kind {
        STATE("state"), JOB("job"), ALARM("alarm"), ALARM_CLEARED("alarm-cleared"), REFUSAL("refusal"), DEVICE("device");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** Event severities. */
    public enum Severity { INFO, WARNING, FAULT, CRITICAL }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Bodies() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** station.status/1 */
    public static ObjectNode status(boolean online, long session, String reason) {
        ObjectNode n = object().put("state", online ? "ONLINE" : "OFFLINE").put("session", session);
        if (reason != null) {
            n.put("reason", reason);
        }
        return n;
    }

    /** station.event/1 without job or data; add them to the returned node. Text is cut to 500 characters. */
    public static ObjectNode event(String device, Kind kind, Severity severity, String code, String text) {
        return object().put("device", device).put("kind", kind.wire()).put("severity", severity.name()).put("code", code)
                .put("text", text.length() <= 500 ? text : text.substring(0, 497) + "...");
    }

    public static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree cannot fail: " + e.getMessage(), e);
        }
    }
}

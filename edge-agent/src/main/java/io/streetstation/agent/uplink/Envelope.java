package io.streetstation.agent.uplink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The envelope every message to central travels in (contract: {@code contract/schemas/envelope.schema.json}).
 * The body is stored in the outbox as JSON; the envelope is made when the message is published,
 * with the session and send time of that moment and {@code historical} set for backlog.
 *
 * @param schema body type, e.g. {@code station.event/1}
 * @param id UUIDv7, the same on every re-send
 * @param station station id
 * @param session connection counter
 * @param seq the outbox's persisted sequence number
 * @param capturedAt when the content was true
 * @param sentAt when this copy goes out
 * @param historical backlog from before the current connection
 */
public record Envelope(String schema, String id, String station, long session, long seq, Instant capturedAt,
                       Instant sentAt, boolean historical) {

    private static final JsonFactory JSON = new JsonFactory();

    /** The envelope around {@code bodyJson} (a JSON object, written as is), as UTF-8 JSON. */
    public byte[] wrap(byte[] bodyJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodyJson.length + 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", schema);
            g.writeStringField("id", id);
            g.writeStringField("station", station);
            g.writeNumberField("session", session);
            g.writeNumberField("seq", seq);
            g.writeStringField("capturedAt", time(capturedAt));
            g.writeStringField("sentAt", time(sentAt));
            g.writeBooleanField("historical", historical);
            g.writeFieldName("body");
            g.writeRawValue(new String(bodyJson, java.nio.charset.StandardCharsets.UTF_8));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("envelope", e);
        }
        return out.toByteArray();
    }

    /** UTC with milliseconds, e.g. {@code 2026-11-23T12:00:00.250Z}. */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}

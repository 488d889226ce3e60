package io.streetstation.agent.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The slow telemetry tier's filter for one device: a field goes out when it moved by more than
 * its deadband since it was last sent (numbers, also inside objects such as {@code weather} or
 * {@code position}), or changed at all (text, booleans, arrays); everything goes out on a full
 * refresh. Thresholds are keyed by field path ({@code batteryPercent}, {@code weather.windMps});
 * a number without a threshold goes out on any change. Not thread-safe (one telemetry thread).
 */
public final class Deadband {

    /** The deadbands the station uses unless told otherwise. */
    public static final Map<String, Double> DEFAULTS = Map.ofEntries(
            Map.entry("batteryPercent", 1.0),
            Map.entry("roofPercent", 5.0),
            Map.entry("groundSpeedMps", 0.5),
            Map.entry("headingDeg", 10.0),
            Map.entry("weather.windMps", 0.5),
            Map.entry("weather.gustMps", 0.5),
            Map.entry("weather.rainMmPerH", 0.2),
            Map.entry("weather.temperatureC", 0.5),
            Map.entry("position.lat", 0.00001),
            Map.entry("position.lon", 0.00001),
            Map.entry("position.altM", 0.5),
            Map.entry("outbox.oldestAgeS", 5.0));

    private final Map<String, Double> thresholds;
    private final Map<String, JsonNode> sent = new HashMap<>();

    public Deadband(Map<String, Double> thresholds) {
        this.thresholds = Map.copyOf(thresholds);
    }

    /**
     * The fields of {@code current} to send now (all of them when {@code full}), remembering them
     * as sent. Empty when nothing moved enough.
     */
    public ObjectNode filter(ObjectNode current, boolean full) {
        ObjectNode out = Bodies.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = current.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode last = sent.get(f.getKey());
            if (full || last == null || moved(f.getKey(), last, f.getValue())) {
                out.set(f.getKey(), f.getValue());
                sent.put(f.getKey(), f.getValue());
            }
        }
        return out;
    }

    private boolean moved(String path, JsonNode last, JsonNode now) {
        if (now.isNumber() && last.isNumber()) {
            Double band = thresholds.get(path);
            double d = Math.abs(now.asDouble() - last.asDouble());
            return band == null ? d > 0 : d >= band;
        }
        if (now.isObject() && last.isObject()) {
            if (now.size() != last.size()) {
                return true;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode l = last.get(f.getKey());
                if (l == null || moved(path + "." + f.getKey(), l, f.getValue())) {
                    return true;
                }
            }
            return false;
        }
        return !now.equals(last);
    }
}

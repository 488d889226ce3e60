package io.streetstation.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.OperationsSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The schedules central gave the station, kept on disk so the station flies them after a restart
 * and while central is unreachable. One small JSON file, replaced atomically on every change
 * (written beside, forced to disk, renamed over); a file that cannot be read is moved aside (never
 * deleted) with an alarm, and the station carries on with the schedules of its own file.
 */
public final class ScheduleStore {

    private static final TaggedLogger LOG = Logger.tag("schedule");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A schedule from central with its route. */
    public record Stored(String id, String routeId, OperationsSettings.RouteSpec route, Set<DayOfWeek> days, LocalTime from,
                         LocalTime to) {
        public Stored {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(routeId, "routeId");
            Objects.requireNonNull(route, "route");
            days = Set.copyOf(days);
        }
    }

    private final Path file;
    private final Map<String, Stored> entries = new LinkedHashMap<>();

    private ScheduleStore(Path file) {
        this.file = file;
    }

    /**
     * @param alarms told (code, text) when the file was unreadable and moved aside
     * @throws JournalWriteException when the directory cannot be created
     */
    public static ScheduleStore open(Path file, java.util.function.BiConsumer<String, String> alarms) {
        ScheduleStore s = new ScheduleStore(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new JournalWriteException("schedules: cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        if (Files.exists(file)) {
            try {
                for (JsonNode n : JSON.readTree(file.toFile()).path("schedules")) {
                    Stored st = fromJson(n);
                    s.entries.put(st.id(), st);
                }
                LOG.info("{} schedule(s) from central in {}", s.entries.size(), file);
            } catch (IOException | RuntimeException e) {
                s.entries.clear();
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
                try {
                    Files.move(file, aside);
                } catch (IOException moveFailed) {
                    LOG.error("schedules: {} unreadable and cannot be moved aside: {}", file, moveFailed.toString());
                }
                String text = "central's schedules in " + file + " could not be read (" + e.getMessage()
                        + "); moved aside to " + aside.getFileName() + ": only the station file's schedules run until central sends them again";
                LOG.error(text);
                alarms.accept("schedules.unreadable", text);
            }
        }
        return s;
    }

    public synchronized List<Stored> all() {
        return List.copyOf(entries.values());
    }

    /** Adds or replaces; durable when it returns. */
    public synchronized void put(Stored s) {
        Map<String, Stored> next = new LinkedHashMap<>(entries);
        next.put(s.id(), s);
        write(next);
        entries.clear();
        entries.putAll(next);
    }

    /** @return whether there was one */
    public synchronized boolean remove(String id) {
        if (!entries.containsKey(id)) {
            return false;
        }
        Map<String, Stored> next = new LinkedHashMap<>(entries);
        next.remove(id);
        write(next);
        entries.clear();
        entries.putAll(next);
        return true;
    }

    private void write(Map<String, Stored> next) {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode list = root.putArray("schedules");
        next.values().forEach(s -> list.add(toJson(s)));
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new JournalWriteException("schedules: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode toJson(Stored s) {
        ObjectNode n = JSON.createObjectNode().put("id", s.id()).put("route", s.routeId())
                .put("altitude", s.route().altitude()).put("speed", s.route().speed())
                .put("captureInterval", s.route().captureInterval())
                .put("from", s.from().toString()).put("to", s.to().toString());
        ArrayNode days = n.putArray("days");
        EnumSet.copyOf(s.days()).forEach(d -> days.add(d.name()));
        ArrayNode w = n.putArray("waypoints");
        s.route().waypoints().forEach(p -> w.addArray().add(p.lat()).add(p.lon()));
        return n;
    }

    private static Stored fromJson(JsonNode n) {
        List<OperationsSettings.Point> points = new ArrayList<>();
        n.path("waypoints").forEach(p -> points.add(new OperationsSettings.Point(p.get(0).asDouble(), p.get(1).asDouble())));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        n.path("days").forEach(d -> days.add(DayOfWeek.valueOf(d.asText())));
        return new Stored(text(n, "id"), text(n, "route"), new OperationsSettings.RouteSpec(points,
                n.path("altitude").asDouble(), n.path("speed").asDouble(), n.path("captureInterval").asDouble()), days,
                LocalTime.parse(text(n, "from")), LocalTime.parse(text(n, "to")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("schedule entry without " + field + ": " + n);
        }
        return v.asText();
    }
}

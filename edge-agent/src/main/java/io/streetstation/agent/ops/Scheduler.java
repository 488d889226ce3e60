package io.streetstation.agent.ops;

import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Runs the station's schedules on the station, so patrols happen whether central is reachable or
 * not: every 30 s of station time it looks which window is open and keeps the fleet's relay on
 * that route; when the window closes it calls the drones home.
 *
 * <ul>
 *   <li>A relay someone else started (central's {@code relay_start}) is left alone: it is not the
 *       scheduler's to replace or stop.</li>
 *   <li>A scheduled relay stopped by someone else (central's {@code return_all}, {@code relay_stop})
 *       stays stopped until that window ends: the scheduler does not overrule a person.</li>
 *   <li>A start the fleet refuses (launches held after a restart) is tried again at the next check.</li>
 * </ul>
 * Windows never overlap: {@link #put} refuses a schedule that shares a minute with another.
 */
public final class Scheduler implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("schedule");
    static final Duration CHECK = Duration.ofSeconds(30);

    private final Relays fleet;
    private final StationClock clock;
    private final ZoneId zone;
    private final BiConsumer<String, String> events;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final StationClock.Timer timer;
    /** The schedule whose relay runs now, started by us; null when none. */
    private String running;
    /** A window someone stopped: not restarted until it ends. */
    private String suppressed;
    private boolean starting;

    /** @param events (code, text) for central: schedule.started, schedule.ended, schedule.suppressed */
    public Scheduler(Relays fleet, StationClock clock, ZoneId zone, List<Schedule> initial, BiConsumer<String, String> events) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.events = Objects.requireNonNull(events, "events");
        for (Schedule s : initial) {
            put(s).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        this.timer = clock.scheduleAtFixedRate(Duration.ofSeconds(1), CHECK, this::check);
    }

    /** Adds or replaces {@code s}; the reason when refused (a window overlapping another's). */
    public synchronized Optional<String> put(Schedule s) {
        Schedule old = schedules.get(s.id());
        if (old != null && old.source() == Schedule.Source.CONFIG && s.source() != Schedule.Source.CONFIG) {
            return Optional.of("schedule " + s.id() + " is the station file's: change it there");
        }
        for (Schedule o : schedules.values()) {
            if (!o.id().equals(s.id()) && o.overlaps(s)) {
                return Optional.of("schedule " + s.id() + " overlaps schedule " + o.id() + " (" + o.from() + "–" + o.to()
                        + " on " + o.days() + ")");
            }
        }
        schedules.put(s.id(), s);
        return Optional.empty();
    }

    /** Removes central's schedule {@code id}; the reason when refused. */
    public synchronized Optional<String> remove(String id) {
        Schedule s = schedules.get(id);
        if (s == null) {
            return Optional.of("no schedule " + id);
        }
        if (s.source() == Schedule.Source.CONFIG) {
            return Optional.of("schedule " + id + " is the station file's: change it there");
        }
        schedules.remove(id);
        return Optional.empty();
    }

    public synchronized List<Schedule> all() {
        List<Schedule> out = new ArrayList<>(schedules.values());
        out.sort(Comparator.comparing(Schedule::id));
        return out;
    }

    /** The schedule whose window is open now, if any. */
    public synchronized Optional<Schedule> active() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.now(), zone);
        return schedules.values().stream().filter(s -> s.activeAt(now)).min(Comparator.comparing(Schedule::id));
    }

    synchronized void check() {
        Optional<Schedule> open = active();
        Optional<String> relayRoute = fleet.relayRoute();
        if (running != null && (open.isEmpty() || !open.get().id().equals(running))) {
            String ended = running;
            running = null;
            if (relayRoute.isPresent()) {
                LOG.info("schedule {}: window over, drones called home", ended);
                events.accept("schedule.ended", "schedule " + ended + ": window over, drones called home");
                fleet.returnAll("schedule " + ended + " ended");
            }
        }
        if (suppressed != null && (open.isEmpty() || !open.get().id().equals(suppressed))) {
            suppressed = null;
        }
        if (open.isEmpty()) {
            return;
        }
        Schedule s = open.get();
        if (s.id().equals(running)) {
            if (relayRoute.isEmpty() && !starting) {
                running = null;
                suppressed = s.id();
                LOG.info("schedule {}: its relay was stopped by someone else: not restarted in this window", s.id());
                events.accept("schedule.suppressed", "schedule " + s.id() + ": relay stopped from outside, not restarted until "
                        + s.to());
            }
            return;
        }
        if (s.id().equals(suppressed) || starting) {
            return;
        }
        if (relayRoute.isPresent()) {
            return;   // someone else's relay: theirs to stop
        }
        starting = true;
        fleet.startRelay(s.route()).whenComplete((a, x) -> {
            synchronized (Scheduler.this) {
                starting = false;
                if (a instanceof Fleet.Accepted) {
                    running = s.id();
                    LOG.info("schedule {}: relay on {} until {}", s.id(), s.route().id(), s.to());
                    events.accept("schedule.started", "schedule " + s.id() + ": relay on route " + s.route().id() + " until "
                            + s.to());
                } else {
                    LOG.info("schedule {}: relay not started now ({}), tried again in {} s", s.id(),
                            a instanceof Fleet.Refused r ? r.reason() : String.valueOf(x), CHECK.toSeconds());
                }
            }
        });
    }

    @Override
    public void close() {
        timer.cancel();
    }
}

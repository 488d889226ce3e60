package io.streetstation.agent.ops;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * "Relay route R on these days from 19:00 to 23:00", local time. A window whose end is before its
 * start runs past midnight: 22:00–02:00 on Friday is Friday 22:00 to Saturday 02:00. Minute
 * resolution (times are HH:MM).
 *
 * @param id unique among the station's schedules
 * @param route what to fly
 * @param days the days a window starts on
 * @param from start, local time, inclusive
 * @param to end, local time, exclusive
 * @param source where it comes from: the station file (central cannot change it) or central
 */
public record Schedule(String id, PatrolRoute route, Set<DayOfWeek> days, LocalTime from, LocalTime to, Source source) {

    public enum Source { CONFIG, CENTRAL }

    private static final int WEEK_MINUTES = 7 * 24 * 60;

    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(source, "source");
        days = days.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
        if (days.isEmpty()) {
            throw new IllegalArgumentException("schedule " + id + ": at least one day");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("schedule " + id + ": from and to must differ, both " + from);
        }
        if (from.getSecond() != 0 || from.getNano() != 0 || to.getSecond() != 0 || to.getNano() != 0) {
            throw new IllegalArgumentException("schedule " + id + ": times are whole minutes");
        }
    }

    /** Whether a window of this schedule is open at {@code t} (in the schedule's zone). */
    public boolean activeAt(ZonedDateTime t) {
        return activeAtMinute(minuteOfWeek(t.getDayOfWeek(), t.toLocalTime()));
    }

    /** Whether this schedule's windows and {@code other}'s share a minute of the week. */
    public boolean overlaps(Schedule other) {
        for (int m = 0; m < WEEK_MINUTES; m++) {
            if (activeAtMinute(m) && other.activeAtMinute(m)) {
                return true;
            }
        }
        return false;
    }

    private boolean activeAtMinute(int minuteOfWeek) {
        int day = minuteOfWeek / (24 * 60);
        int minute = minuteOfWeek % (24 * 60);
        int f = from.getHour() * 60 + from.getMinute();
        int e = to.getHour() * 60 + to.getMinute();
        DayOfWeek today = DayOfWeek.of(day + 1);
        if (f < e) {
            return days.contains(today) && minute >= f && minute < e;
        }
        return (days.contains(today) && minute >= f) || (days.contains(today.minus(1)) && minute < e);
    }

    private static int minuteOfWeek(DayOfWeek d, LocalTime t) {
        return (d.getValue() - 1) * 24 * 60 + t.getHour() * 60 + t.getMinute();
    }
}

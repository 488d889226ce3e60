package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.mission.GeoPoint;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static final PatrolRoute ROUTE = PatrolRoute.of("ring", List.of(new GeoPoint(36.81, 118.05), new GeoPoint(36.82, 118.06)), 40, 12);
    private static final ZoneId SH = ZoneId.of("Asia/Shanghai");

    static Schedule s(String id, Set<DayOfWeek> days, String from, String to) {
        return new Schedule(id, ROUTE, days, LocalTime.parse(from), LocalTime.parse(to), Schedule.Source.CENTRAL);
    }

    private static ZonedDateTime at(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(SH);   // 2026-12-07 is a Monday
    }

    @Test
    void aDayWindow_isOpenFromItsStartInclusive_toItsEndExclusive_onItsDaysOnly() {
        Schedule evening = s("e", EnumSet.of(DayOfWeek.MONDAY), "19:00", "23:00");
        assertThat(evening.activeAt(at("2026-12-07T18:59"))).isFalse();
        assertThat(evening.activeAt(at("2026-12-07T19:00"))).isTrue();
        assertThat(evening.activeAt(at("2026-12-07T22:59"))).isTrue();
        assertThat(evening.activeAt(at("2026-12-07T23:00"))).isFalse();
        assertThat(evening.activeAt(at("2026-12-08T20:00"))).as("Tuesday").isFalse();
    }

    @Test
    void aWindowPastMidnight_runsIntoTheNextDay_fromTheDayItStarts() {
        Schedule night = s("n", EnumSet.of(DayOfWeek.FRIDAY), "22:00", "02:00");
        assertThat(night.activeAt(at("2026-12-11T22:00"))).as("Friday 22:00").isTrue();
        assertThat(night.activeAt(at("2026-12-12T01:59"))).as("Saturday 01:59").isTrue();
        assertThat(night.activeAt(at("2026-12-12T02:00"))).as("Saturday 02:00").isFalse();
        assertThat(night.activeAt(at("2026-12-11T01:00"))).as("Friday 01:00: Thursday's night, not scheduled").isFalse();
        Schedule sunday = s("s", EnumSet.of(DayOfWeek.SUNDAY), "23:00", "01:00");
        assertThat(sunday.activeAt(at("2026-12-14T00:30"))).as("Monday 00:30 after Sunday night: the week wraps").isTrue();
    }

    @Test
    void overlaps_sharedMinutesOnly() {
        Schedule a = s("a", EnumSet.of(DayOfWeek.MONDAY), "19:00", "23:00");
        assertThat(a.overlaps(s("b", EnumSet.of(DayOfWeek.MONDAY), "23:00", "23:30"))).as("back to back").isFalse();
        assertThat(a.overlaps(s("b", EnumSet.of(DayOfWeek.MONDAY), "22:59", "23:30"))).isTrue();
        assertThat(a.overlaps(s("b", EnumSet.of(DayOfWeek.TUESDAY), "19:00", "23:00"))).isFalse();
        assertThat(s("n", EnumSet.of(DayOfWeek.SUNDAY), "23:00", "01:00")
                .overlaps(s("m", EnumSet.of(DayOfWeek.MONDAY), "00:30", "06:00"))).as("across the week's end").isTrue();
    }

    @Test
    void shape_isChecked() {
        assertThatThrownBy(() -> s("x", EnumSet.noneOf(DayOfWeek.class), "19:00", "20:00")).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> s("x", EnumSet.of(DayOfWeek.MONDAY), "19:00", "19:00")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> new Schedule("x", ROUTE, EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(19, 0, 30),
                LocalTime.of(20, 0), Schedule.Source.CONFIG)).hasMessageContaining("whole minutes");
    }
}

package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.time.ManualClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final ZoneId SH = ZoneId.of("Asia/Shanghai");
    /** Monday 2026-12-07 18:00 in Shanghai. */
    private static final Instant MON_1800 = java.time.LocalDateTime.parse("2026-12-07T18:00").atZone(SH).toInstant();

    /** A fleet that does what it is told and writes it down. */
    static final class FakeRelays implements Relays {
        final List<String> log = new ArrayList<>();
        String running;
        String refuse;

        @Override
        public CompletionStage<Fleet.Answer> startRelay(PatrolRoute route) {
            if (refuse != null) {
                log.add("refused " + route.id());
                return CompletableFuture.completedFuture(new Fleet.Refused("fleet", refuse));
            }
            running = route.id();
            log.add("relay " + route.id());
            return CompletableFuture.completedFuture(new Fleet.Accepted("relay on " + route.id()));
        }

        @Override
        public CompletionStage<Fleet.Answer> returnAll(String reason) {
            running = null;
            log.add("return all: " + reason);
            return CompletableFuture.completedFuture(new Fleet.Accepted("ok"));
        }

        @Override
        public Optional<String> relayRoute() {
            return Optional.ofNullable(running);
        }
    }

    private final ManualClock clock = new ManualClock(MON_1800);
    private final FakeRelays fleet = new FakeRelays();
    private final List<String> events = new ArrayList<>();

    private Scheduler scheduler(Schedule... s) {
        return new Scheduler(fleet, clock, SH, List.of(s), (code, text) -> events.add(code));
    }

    private static Schedule evening() {
        return new Schedule("evening", ScheduleTest.ROUTE, EnumSet.allOf(DayOfWeek.class), LocalTime.of(19, 0),
                LocalTime.of(23, 0), Schedule.Source.CONFIG);
    }

    @Test
    void theWindowOpens_theRelayStarts_itCloses_everyoneComesHome_everyDay() {
        scheduler(evening());
        clock.advance(Duration.ofMinutes(59));
        assertThat(fleet.log).isEmpty();
        clock.advance(Duration.ofMinutes(1).plus(Scheduler.CHECK));   // checked every 30 s
        assertThat(fleet.log).containsExactly("relay ring");
        clock.advance(Duration.ofHours(4));
        assertThat(fleet.log).containsExactly("relay ring", "return all: schedule evening ended");
        clock.advance(Duration.ofHours(24));
        assertThat(fleet.log).containsExactly("relay ring", "return all: schedule evening ended", "relay ring",
                "return all: schedule evening ended");
        assertThat(events).containsExactly("schedule.started", "schedule.ended", "schedule.started", "schedule.ended");
    }

    @Test
    void aRefusedStart_isTriedAgainAtTheNextCheck() {
        scheduler(evening());
        fleet.refuse = "launches are held: recovering";
        clock.advance(Duration.ofHours(1).plus(Scheduler.CHECK));
        assertThat(fleet.log).last().isEqualTo("refused ring");
        fleet.refuse = null;
        clock.advance(Scheduler.CHECK);
        assertThat(fleet.log).last().isEqualTo("relay ring");
    }

    @Test
    void aRelayStoppedFromOutside_staysStoppedUntilTheWindowEnds() {
        scheduler(evening());
        clock.advance(Duration.ofHours(1).plus(Scheduler.CHECK));
        fleet.returnAll("central asked");
        clock.advance(Duration.ofHours(1).plus(Scheduler.CHECK));
        assertThat(fleet.log).containsExactly("relay ring", "return all: central asked");
        assertThat(events).containsExactly("schedule.started", "schedule.suppressed");
        clock.advance(Duration.ofHours(23));   // the next evening
        assertThat(fleet.log).last().isEqualTo("relay ring");
    }

    @Test
    void someoneElsesRelay_isNeitherReplacedNorStopped() {
        fleet.running = "central-route";
        scheduler(evening());
        clock.advance(Duration.ofHours(6));
        assertThat(fleet.log).isEmpty();
        assertThat(fleet.running).isEqualTo("central-route");
    }

    @Test
    void overlappingWindows_areRefused_andTheStationFilesScheduleCannotBeChangedByCentral() {
        Scheduler s = scheduler(evening());
        Schedule late = new Schedule("late", ScheduleTest.ROUTE, EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(22, 0),
                LocalTime.of(23, 30), Schedule.Source.CENTRAL);
        assertThat(s.put(late)).hasValue("schedule late overlaps schedule evening (19:00–23:00 on "
                + EnumSet.allOf(DayOfWeek.class) + ")");
        Schedule replaced = new Schedule("evening", ScheduleTest.ROUTE, EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(8, 0),
                LocalTime.of(9, 0), Schedule.Source.CENTRAL);
        assertThat(s.put(replaced)).hasValue("schedule evening is the station file's: change it there");
        assertThat(s.remove("evening")).hasValue("schedule evening is the station file's: change it there");
        assertThat(s.remove("nope")).hasValue("no schedule nope");
        Schedule morning = new Schedule("morning", ScheduleTest.ROUTE, EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(8, 0),
                LocalTime.of(9, 0), Schedule.Source.CENTRAL);
        assertThat(s.put(morning)).isEmpty();
        assertThat(s.all()).extracting(Schedule::id).containsExactly("evening", "morning");
        assertThat(s.remove("morning")).isEmpty();
    }
}

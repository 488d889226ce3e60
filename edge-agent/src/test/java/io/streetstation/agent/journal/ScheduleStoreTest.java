package io.streetstation.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.config.OperationsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleStoreTest {

    @TempDir
    Path dir;

    private static ScheduleStore.Stored stored(String id) {
        return new ScheduleStore.Stored(id, "ring", new OperationsSettings.RouteSpec(List.of(
                new OperationsSettings.Point(36.8167, 118.0582), new OperationsSettings.Point(36.8113, 118.0492)), 40, 12, 2),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(2, 0));
    }

    @Test
    void whatIsPut_isThereAfterAReopen_andWhatIsRemovedIsNot() {
        Path f = dir.resolve("ops/schedules.json");
        ScheduleStore s = ScheduleStore.open(f, (c, t) -> { });
        s.put(stored("night"));
        s.put(stored("other"));
        assertThat(s.remove("other")).isTrue();
        assertThat(s.remove("other")).isFalse();
        assertThat(ScheduleStore.open(f, (c, t) -> { }).all()).containsExactly(stored("night"));
        assertThat(Files.exists(dir.resolve("ops/schedules.json.new"))).as("no temp file left").isFalse();
    }

    @Test
    void anUnreadableFile_isMovedAsideWithAnAlarm_andTheStoreStartsEmpty() throws Exception {
        Path f = dir.resolve("schedules.json");
        Files.writeString(f, "{ not json");
        List<String> alarms = new ArrayList<>();
        ScheduleStore s = ScheduleStore.open(f, (c, t) -> alarms.add(c + ": " + t));
        assertThat(s.all()).isEmpty();
        assertThat(alarms).singleElement().asString().startsWith("schedules.unreadable: ");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("schedules.json.unreadable-"));
        }
        s.put(stored("night"));
        assertThat(ScheduleStore.open(f, (c, t) -> { }).all()).hasSize(1);
    }

    @Test
    void aWriteThatFails_isATypedError_andChangesNothing() throws Exception {
        Path f = dir.resolve("schedules.json");
        ScheduleStore s = ScheduleStore.open(f, (c, t) -> { });
        s.put(stored("night"));
        Files.createDirectory(dir.resolve("schedules.json.new"));   // the temp file cannot be created: a directory is in the way
        assertThatThrownBy(() -> s.put(stored("other"))).isInstanceOf(JournalWriteException.class)
                .hasMessageContaining("cannot write");
        assertThat(s.all()).containsExactly(stored("night"));
    }
}

package io.streetstation.hil.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.hil.scenario.Faults;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FaultCommandTest {

    /** Records the calls a command makes on the rig's faults. */
    private static List<String> run(String line) {
        List<String> calls = new ArrayList<>();
        Faults f = (Faults) Proxy.newProxyInstance(Faults.class.getClassLoader(), new Class<?>[] {Faults.class},
                (proxy, m, args) -> {
                    calls.add(m.getName() + java.util.Arrays.toString(args));
                    return null;
                });
        FaultCommand.parse(line).action().accept(f);
        return calls;
    }

    @Test
    void everyFaultMapsToItsInjection() {
        assertThat(run("rain 8 30m")).containsExactly("rain[8.0, PT30M]");
        assertThat(run("wind 9 14 20m")).containsExactly("wind[9.0, 14.0, PT20M]");
        assertThat(run("roof-stall on")).containsExactly("roofBlocked[true]");
        assertThat(run("charger-fault 3")).containsExactly("chargerFault[3, injected from the demo]");
        assertThat(run("bay-disagree 2 off")).containsExactly("baySensorDisagreement[2, false]");
        assertThat(run("ESTOP on")).containsExactly("estop[true]");
        assertThat(run("board-estop off")).containsExactly("boardEStop[false]");
        assertThat(run("rain-backup on")).containsExactly("backupRain[true]");
        assertThat(run("door nest open")).containsExactly("door[nest, true]");
        assertThat(run("door front CLOSED")).containsExactly("door[front, false]");
        assertThat(run("unplug drone-1")).containsExactly("unplug[drone-1]");
        assertThat(run("replug rs485")).containsExactly("replug[rs485]");
        assertThat(run("gps-loss 1 on")).containsExactly("gpsLoss[1, true]");
        assertThat(run("battery-sag 4 20")).containsExactly("batterySag[4, 20.0]");
        assertThat(run("landing-miss 2")).containsExactly("landingMiss[2, 1]");
        assertThat(run("landing-miss 2 3")).containsExactly("landingMiss[2, 3]");
        assertThat(run("obstacle on")).containsExactly("roverObstacle[true]");
        assertThat(run("lock-fault 3 bolt jammed")).containsExactly("rackLockFault[3, bolt jammed]");
        assertThat(run("lock-fault 3 off")).containsExactly("rackLockFault[3, null]");
        assertThat(run("noise rs485 5 2")).containsExactly("lineNoise[rs485, 0.05, 0.02]");
        assertThat(FaultCommand.USAGE).hasSize(16);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hail 5 10m            | unknown fault 'hail'",
            "rain 8                | usage: rain <mm/h> <for>",
            "rain -1 5m            | rain rate: -1 is outside 0..200",
            "rain 8 5 minutes      | usage: rain",
            "rain 8 5min           | '5min' is not a duration",
            "wind 10 5 1m          | gust: 5 is outside 10..80",
            "charger-fault 5       | bay: 5 is outside 1..4",
            "charger-fault 1.5     | bay: '1.5' is not a whole number",
            "estop maybe           | 'maybe': expected on or off",
            "board-estop           | usage: board-estop on|off",
            "rain-backup wet       | 'wet': expected on or off",
            "door nest ajar        | 'ajar': expected open or closed",
            "door Nest! open       | 'Nest!' is not a door name",
            "door nest             | usage: door <name> open|closed",
            "lock-fault 40 jammed  | slot: 40 is outside 1..32",
            "lock-fault 3          | usage: lock-fault",
            "landing-miss 2 9      | times: 9 is outside 0..5",
            "noise rs485 60 50     | must not exceed 100"})
    void badCommands_areRefusedWithTheReason(String line, String reason) {
        assertThatThrownBy(() -> FaultCommand.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void scheduledFault_namesWhenAndWhat() {
        FaultCommand.Scheduled s = FaultCommand.Scheduled.parse("2h rain 8 30m");
        assertThat(s.at()).isEqualTo(Duration.ofHours(2));
        assertThat(s.command().text()).isEqualTo("rain 8 30m");
        assertThatThrownBy(() -> FaultCommand.Scheduled.parse("rain")).hasMessageContaining("expected '<at> <command>'");
    }
}

package io.streetstation.agent.nest;

import static io.streetstation.agent.nest.BoardEStop.CLEAR;
import static io.streetstation.agent.nest.BoardEStop.Event.PRESSED;
import static io.streetstation.agent.nest.BoardEStop.Event.RELEASED;
import static io.streetstation.agent.nest.BoardEStop.Event.RESET_REQUESTED;
import static io.streetstation.agent.nest.BoardEStop.HELD;
import static io.streetstation.agent.nest.BoardEStop.LATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The board's E-stop latch: every state × event pair, the one rejection included. */
class BoardEStopTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(CLEAR, PRESSED, Optional.of(HELD)),
                Arguments.of(CLEAR, RELEASED, Optional.of(CLEAR)),
                Arguments.of(CLEAR, RESET_REQUESTED, Optional.of(CLEAR)),
                Arguments.of(HELD, PRESSED, Optional.of(HELD)),
                Arguments.of(HELD, RELEASED, Optional.of(LATCHED)),
                Arguments.of(HELD, RESET_REQUESTED, Optional.empty()),
                Arguments.of(LATCHED, PRESSED, Optional.of(HELD)),
                Arguments.of(LATCHED, RELEASED, Optional.of(LATCHED)),
                Arguments.of(LATCHED, RESET_REQUESTED, Optional.of(CLEAR)));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("table")
    void everyPair(BoardEStop from, BoardEStop.Event event, Optional<BoardEStop> next) {
        assertThat(from.step(event)).isEqualTo(next);
    }

    @Test
    void theTableAboveNamesEveryPairOnce_andOnlyClearIsNotInForce() {
        assertThat(table().map(a -> a.get()[0] + " " + a.get()[1]).distinct().count())
                .isEqualTo((long) BoardEStop.values().length * BoardEStop.Event.values().length);
        assertThat(Stream.of(BoardEStop.values()).filter(BoardEStop::active)).containsExactly(HELD, LATCHED);
    }
}

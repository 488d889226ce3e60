package io.streetstation.agent.nest;

import java.util.Optional;

/**
 * The E-stop button wired to the agent's own board (GPIO input {@code estop}), as a latch: pressing
 * it stops everything at once and the stop stays in force after the button is released, until a
 * technician resets it — with the button released. The nest controller's own buttons latch in its
 * firmware; this one latches here, and the agent also latches the controller with ESTOP_TRIGGER.
 *
 * <pre>
 *            Pressed                 Released
 *   CLEAR ───────────▶ HELD ───────────────────▶ LATCHED
 *     ▲                 ▲ │ ResetRequested:            │
 *     │                 │ └ rejected (still pressed)   │
 *     │                 └──────── Pressed ─────────────┤
 *     └──────────────── ResetRequested ────────────────┘
 * </pre>
 *
 * Every state × event pair is in {@link #step}: the repeats (Pressed while held, Released while
 * clear or latched, a reset with nothing to reset) change nothing and are legal, since an input
 * that bounces or a reset sent twice must not fail; a reset while the button is held is the one
 * rejection.
 */
public enum BoardEStop {
    /** Not pressed, nothing latched. */
    CLEAR,
    /** The button is held down now. */
    HELD,
    /** Released, but the stop stays in force until reset. */
    LATCHED;

    public enum Event { PRESSED, RELEASED, RESET_REQUESTED }

    /** Why the one rejected pair, a reset while {@link #HELD}, is refused. */
    public static final String STILL_PRESSED = "the board's E-stop button is still pressed: release it before the reset";

    /** In force: nothing moves. */
    public boolean active() {
        return this != CLEAR;
    }

    /**
     * The next state, or empty when the event is refused in this state ({@link #STILL_PRESSED}).
     * Pure: the nest carries out what a change means (stop, trigger, report).
     */
    public Optional<BoardEStop> step(Event e) {
        return switch (this) {
            case CLEAR -> switch (e) {
                case PRESSED -> Optional.of(HELD);
                case RELEASED, RESET_REQUESTED -> Optional.of(CLEAR);
            };
            case HELD -> switch (e) {
                case PRESSED -> Optional.of(HELD);
                case RELEASED -> Optional.of(LATCHED);
                case RESET_REQUESTED -> Optional.empty();
            };
            case LATCHED -> switch (e) {
                case PRESSED -> Optional.of(HELD);
                case RELEASED -> Optional.of(LATCHED);
                case RESET_REQUESTED -> Optional.of(CLEAR);
            };
        };
    }

}

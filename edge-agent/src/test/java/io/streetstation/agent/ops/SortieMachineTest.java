package io.streetstation.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.ops.SortieMachine.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SortieMachineTest {

    private static final Map<String, State> STATES = new LinkedHashMap<>();
    private static final Map<String, Event> EVENTS = new LinkedHashMap<>();

    static {
        STATES.put("docked", new Docked());
        STATES.put("launching", new Launching("j1"));
        STATES.put("hovering", new Hovering());
        STATES.put("joining", new Patrolling("r1", false));
        STATES.put("onStation", new Patrolling("r1", true));
        STATES.put("enRoute", new Responding("i1", false));
        STATES.put("onScene", new Responding("i1", true));
        STATES.put("recalled", new Recalled("low battery"));
        STATES.put("landing", new Landing("j2"));
        STATES.put("lost", new Lost("no heartbeat"));
        STATES.put("faulted", new Faulted("landing failed"));

        EVENTS.put("launchRequested", new LaunchRequested("j3"));
        EVENTS.put("launched", new Launched());
        EVENTS.put("launchFailedAirborne", new LaunchFailed("climb stalled", true));
        EVENTS.put("launchFailedOnGround", new LaunchFailed("roof stall", false));
        EVENTS.put("patrolStarted", new PatrolStarted("r2"));
        EVENTS.put("onStationEvent", new OnStation());
        EVENTS.put("dispatchStarted", new DispatchStarted("i2"));
        EVENTS.put("onSceneEvent", new OnScene());
        EVENTS.put("recallRequested", new RecallRequested("weather"));
        EVENTS.put("landStarted", new LandStarted("j4"));
        EVENTS.put("landed", new Landed());
        EVENTS.put("landFailed", new LandFailed("missed twice"));
        EVENTS.put("landDeferred", new LandDeferred("E-stop in force"));
        EVENTS.put("linkLost", new LinkLost("no heartbeat"));
        EVENTS.put("linkRestored", new LinkRestored());
        EVENTS.put("seenDocked", new SeenDocked());
        EVENTS.put("resetRequested", new ResetRequested());
    }

    /** Every legal (state, event) and where it goes; every other pair must be rejected. */
    private static final Map<String, State> LEGAL = new LinkedHashMap<>();

    static {
        LEGAL.put("docked+launchRequested", new Launching("j3"));
        LEGAL.put("launching+launched", new Hovering());
        LEGAL.put("launching+launchFailedAirborne", new Recalled("launch failed: climb stalled"));
        LEGAL.put("launching+launchFailedOnGround", new Docked());
        LEGAL.put("hovering+patrolStarted", new Patrolling("r2", false));
        LEGAL.put("joining+patrolStarted", new Patrolling("r2", false));
        LEGAL.put("onStation+patrolStarted", new Patrolling("r2", false));
        LEGAL.put("enRoute+patrolStarted", new Patrolling("r2", false));
        LEGAL.put("onScene+patrolStarted", new Patrolling("r2", false));
        LEGAL.put("joining+onStationEvent", new Patrolling("r1", true));
        LEGAL.put("hovering+dispatchStarted", new Responding("i2", false));
        LEGAL.put("joining+dispatchStarted", new Responding("i2", false));
        LEGAL.put("onStation+dispatchStarted", new Responding("i2", false));
        LEGAL.put("enRoute+dispatchStarted", new Responding("i2", false));
        LEGAL.put("onScene+dispatchStarted", new Responding("i2", false));
        LEGAL.put("enRoute+onSceneEvent", new Responding("i1", true));
        LEGAL.put("hovering+recallRequested", new Recalled("weather"));
        LEGAL.put("joining+recallRequested", new Recalled("weather"));
        LEGAL.put("onStation+recallRequested", new Recalled("weather"));
        LEGAL.put("enRoute+recallRequested", new Recalled("weather"));
        LEGAL.put("onScene+recallRequested", new Recalled("weather"));
        LEGAL.put("recalled+landStarted", new Landing("j4"));
        LEGAL.put("landing+landed", new Docked());
        LEGAL.put("landing+landFailed", new Faulted("landing failed: missed twice"));
        LEGAL.put("landing+landDeferred", new Recalled("waiting for the nest: E-stop in force"));
        for (String s : List.of("hovering", "joining", "onStation", "enRoute", "onScene", "recalled")) {
            LEGAL.put(s + "+linkLost", new Lost("no heartbeat"));
        }
        LEGAL.put("lost+linkRestored", new Recalled("link was lost: no heartbeat"));
        LEGAL.put("lost+seenDocked", new Docked());
        for (String st : List.of("hovering", "joining", "onStation", "enRoute", "onScene", "recalled")) {
            LEGAL.put(st + "+seenDocked", new Docked());
        }
        LEGAL.put("faulted+seenDocked", new Docked());
        LEGAL.put("faulted+resetRequested", new Docked());
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> all = new ArrayList<>();
        STATES.forEach((sn, s) -> EVENTS.forEach((en, e) -> all.add(Arguments.of(sn + "+" + en, s, e))));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyPair")
    void everyStateAndEvent_movesAsTheTableSays_orIsRejectedWithAReason(String pair, State state, Event event) {
        Transition t = SortieMachine.on(state, event);
        if (LEGAL.containsKey(pair)) {
            assertThat(t).isEqualTo(new Moved(LEGAL.get(pair)));
        } else {
            assertThat(t).isInstanceOf(Rejected.class);
            assertThat(((Rejected) t).reason()).contains(SortieMachine.name(state));
        }
    }

    @Test
    void theTableOfLegalPairs_namesOnlyRealStatesAndEvents() {
        for (String pair : LEGAL.keySet()) {
            String[] p = pair.split("\\+");
            assertThat(STATES).containsKey(p[0]);
            assertThat(EVENTS).containsKey(p[1]);
        }
        assertThat(LEGAL).hasSize(41);
    }

    @Test
    void rejections_sayWhatWasAskedAndWhy() {
        assertThat(SortieMachine.on(new Docked(), new RecallRequested("x")))
                .isEqualTo(new Rejected("nothing to recall: docked"));
        assertThat(SortieMachine.on(new Landing("j"), new RecallRequested("x")))
                .isEqualTo(new Rejected("already coming home: landing"));
        assertThat(SortieMachine.on(new Patrolling("r1", true), new LaunchRequested("j")))
                .isEqualTo(new Rejected("cannot launch: patrolling r1 (on station)"));
        assertThat(SortieMachine.on(new Docked(), new Landed()))
                .isEqualTo(new Rejected("landed does not apply: docked"));
    }

    @Test
    void airborne_isTrueForEveryStateButDockedAndLaunching() {
        STATES.forEach((n, s) -> assertThat(s.airborne()).as(n)
                .isEqualTo(!(s instanceof Docked) && !(s instanceof Launching)));
    }
}

package io.streetstation.agent.journal;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link Reconciler} concluded: the findings (what the journal says against what the
 * hardware reports, in words, for the log and central) and the recovery actions, every one of them
 * derived from the observed state — nothing that is already so is in here.
 */
public record RecoveryDecision(List<String> findings, List<Action> actions) {

    public RecoveryDecision {
        findings = List.copyOf(findings);
        actions = List.copyOf(actions);
    }

    /** One thing to do. */
    public sealed interface Action {
    }

    /** Open the roof: a drone sent home needs it (before the drone is told). */
    public record OpenRoof() implements Action {
    }

    /** Close the roof: every drone is down and accounted for (last). */
    public record CloseRoof() implements Action {
    }

    public record ReturnToLaunch(String drone) implements Action {
    }

    /** Leave the drone flying its patrol (the caller's policy); nothing is sent to it. */
    public record KeepOnPatrol(String drone) implements Action {
    }

    public record PowerOff(int bay) implements Action {
    }

    public record Clamp(int bay) implements Action {
    }

    public record StartCharging(int bay) implements Action {
    }

    /** Close the journal's record of a job the agent's stop cut short. */
    public record MarkJobAbandoned(String jobId, String reason) implements Action {
        public MarkJobAbandoned {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Something a person must know. */
    public record Alarm(String text) implements Action {
        public Alarm {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The actions of one type, in order. */
    public <T extends Action> List<T> actions(Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** True if anything is to move: the roof, a bay or a drone. */
    public boolean actuates() {
        return actions.stream().anyMatch(a -> !(a instanceof Alarm || a instanceof MarkJobAbandoned || a instanceof KeepOnPatrol));
    }
}

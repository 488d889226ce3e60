package io.streetstation.agent.mission;

/** What {@link HotspotPlanner#plan} answers: a plan, or why there is none. */
public sealed interface HotspotOutcome permits HotspotPlan, NoHotspotPlan {
}

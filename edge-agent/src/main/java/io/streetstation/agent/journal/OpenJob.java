package io.streetstation.agent.journal;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job the journal saw start and never saw finish: the agent stopped (crash, power loss, kill)
 * while it ran.
 *
 * @param jobId the plan's id
 * @param kind the plan's name ("launch", "land", "recover")
 * @param params what the job was started with ("bay" → "2", "drone" → "drone-2")
 * @param startedAt when its start was recorded
 * @param steps its step records in the order they were written
 */
public record OpenJob(String jobId, String kind, Map<String, String> params, Instant startedAt, List<StepRecord> steps) {

    /** What happened to a step. */
    public enum Phase { STARTED, SUCCEEDED, FAILED }

    /**
     * One step record.
     *
     * @param reason the failure's words for {@link Phase#FAILED}, else empty
     */
    public record StepRecord(String step, Phase phase, String reason, Instant at) {
        public StepRecord {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    public OpenJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        params = Map.copyOf(params);
        steps = List.copyOf(steps);
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** The {@code drone} parameter, if the job named one. */
    public Optional<String> drone() {
        return param("drone");
    }

    /** The {@code bay} parameter as a number, if the job named a valid one (1..4). */
    public Optional<Integer> bay() {
        return param("bay").flatMap(b -> {
            try {
                int n = Integer.parseInt(b.strip());
                return n >= 1 && n <= 4 ? Optional.of(n) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Steps that have a record of {@code phase}, in the order of their first such record. */
    public Set<String> steps(Phase phase) {
        Set<String> out = new LinkedHashSet<>();
        steps.stream().filter(s -> s.phase() == phase).forEach(s -> out.add(s.step()));
        return out;
    }

    /** Steps that started and neither succeeded nor failed: under way when the agent stopped. */
    public Set<String> underWay() {
        Set<String> out = steps(Phase.STARTED);
        out.removeAll(steps(Phase.SUCCEEDED));
        out.removeAll(steps(Phase.FAILED));
        return out;
    }

    public boolean succeeded(String step) {
        return steps(Phase.SUCCEEDED).contains(step);
    }

    public boolean started(String step) {
        return steps(Phase.STARTED).contains(step);
    }
}

package io.streetstation.agent.job;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a job does: stages in order, the steps of a stage in parallel, and the steps that bring the
 * station to a safe state if the job fails or is cancelled (run in parallel too, each with its own
 * deadline; their failures are reported, never hidden).
 *
 * @param id unique per job run (journal, reports)
 * @param name what kind of job ("launch", "land")
 * @param stages at least one, none empty
 * @param safeState possibly empty
 */
public record Plan(String id, String name, List<List<Step>> stages, List<Step> safeState) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        stages = stages.stream().map(List::copyOf).toList();
        safeState = List.copyOf(safeState);
        if (stages.isEmpty() || stages.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("job " + name + ": needs at least one stage, and no empty stage");
        }
        Set<String> names = new HashSet<>();
        for (List<Step> stage : stages) {
            for (Step s : stage) {
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException("job " + name + ": two steps are called '" + s.name() + "'");
                }
            }
        }
        for (Step s : safeState) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("job " + name + ": two steps are called '" + s.name() + "'");
            }
        }
    }

    /** Every step of the job proper, stage after stage. */
    public List<Step> steps() {
        return stages.stream().flatMap(List::stream).toList();
    }
}

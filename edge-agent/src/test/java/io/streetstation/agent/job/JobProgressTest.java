package io.streetstation.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A job's steps heard by a watcher as progress, through a real runner on a manual clock. */
class JobProgressTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final JobProgress progress = new JobProgress();
    private final JobRunner runner = new JobRunner(clock, progress, Runnable::run);

    private Step takes(String name, int seconds) {
        return new Step(name, Duration.ofSeconds(seconds + 10), () -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            clock.schedule(Duration.ofSeconds(seconds), () -> f.complete(null));
            return f;
        });
    }

    private Step fails(String name) {
        return new Step(name, Duration.ofSeconds(10), () -> CompletableFuture.failedFuture(new Step.StepFailedException("jammed")));
    }

    @Test
    void aWatcher_hearsItsJobsSteps_withTheShareDone_andNothingOfOtherJobs() {
        List<String> heard = new ArrayList<>();
        progress.watch(p -> p.id().startsWith("launch-drone-2-"), (p, text, percent) -> heard.add(text + " " + percent));

        runner.start(new Plan("launch-drone-1-1", "launch", List.of(List.of(takes("open roof", 18))), List.of()));
        runner.start(new Plan("launch-drone-2-2", "launch", List.of(
                List.of(takes("open roof", 18), takes("power on", 8)),
                List.of(takes("take off", 5)), List.of(takes("leave the corridor", 3))), List.of()));
        clock.advance(Duration.ofMinutes(1));

        assertThat(heard).containsExactly("open roof: started 0", "power on: started 0", "power on: done 25",
                "open roof: done 50", "take off: started 50", "take off: done 75", "leave the corridor: started 75",
                "leave the corridor: done 100");
    }

    @Test
    void aFailedStep_isHeard_theSafeStateDoesNotCountAsProgress_andAClosedWatchHearsNoMore() {
        List<String> heard = new ArrayList<>();
        JobProgress.Watch w = progress.watch(p -> true, (p, text, percent) -> heard.add(text + " " + percent));

        runner.start(new Plan("land-drone-3-1", "land", List.of(List.of(takes("open roof", 18)), List.of(fails("clamp"))),
                List.of(takes("power off", 1))));
        clock.advance(Duration.ofMinutes(1));
        w.close();
        runner.start(new Plan("land-drone-3-2", "land", List.of(List.of(takes("open roof", 18))), List.of()));
        clock.advance(Duration.ofMinutes(1));

        assertThat(heard).containsExactly("open roof: started 0", "open roof: done 50", "clamp: started 50",
                "clamp: failed 50", "power off: started 50", "power off: done 50");
    }
}

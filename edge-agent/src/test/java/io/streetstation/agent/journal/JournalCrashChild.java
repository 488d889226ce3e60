package io.streetstation.agent.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Run in a child JVM by {@link OperationsJournalTest}: writes a launch that is under way, prints
 * "written" once every write has returned, then halts the JVM at once — no close, no shutdown
 * hooks, no finalisation: what a kill -9 or a power cut leaves of a process.
 */
public final class JournalCrashChild {

    private JournalCrashChild() {
    }

    public static void main(String[] args) {
        OperationsJournal j = OperationsJournal.open(Path.of(args[0]), OperationsJournal.Config.defaults(),
                () -> Instant.parse("2026-12-05T08:00:00Z"), a -> System.out.println("alarm " + a));
        j.jobStarted("launch-7", "launch", Map.of("bay", "2", "drone", "drone-2"));
        j.stepStarted("launch-7", "open roof");
        j.stepStarted("launch-7", "power on and check drone-2");
        j.stepSucceeded("launch-7", "power on and check drone-2");
        System.out.println("written");
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}

package io.streetstation.hil.bench;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs JMH benchmarks in a forked JVM with a given profile and returns their scores. */
public final class JmhRunner {

    private JmhRunner() {
    }

    /**
     * Runs every benchmark whose name matches {@code includeRegex}.
     *
     * @return JMH's results; the primary score of a throughput benchmark is in ops/s
     */
    public static Collection<RunResult> run(String includeRegex, JvmProfile profile, BenchOptions options)
            throws RunnerException {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(includeRegex)
                .forks(1)
                .jvmArgsAppend(forkFlags(profile))
                .timeUnit(TimeUnit.SECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (options.quick()) {
            b.warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        } else {
            b.warmupIterations(5).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(8).measurementTime(TimeValue.seconds(2));
        }
        return new Runner(b.build()).run();
    }

    /** JMH itself uses sun.misc.Unsafe; from JDK 23 on that prints warnings into the figures' stdout. */
    private static String[] forkFlags(JvmProfile profile) {
        java.util.List<String> flags = new java.util.ArrayList<>(profile.flags());
        if (Runtime.version().feature() >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags.toArray(String[]::new);
    }

    /** The score of the benchmark method named {@code method} in {@code results}. */
    public static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JMH result for " + method))
                .getPrimaryResult().getScore();
    }
}

package io.streetstation.hil.bench;

import java.util.List;

/** A named set of figures ({@code hil-tests/bench mavlink}). */
public interface BenchGroup {

    /** The name given on the command line. */
    String name();

    /** One line for {@code --list}. */
    String description();

    /** Runs the measurements and returns the figures, in the order they should be printed. */
    List<Figure> run(BenchOptions options) throws Exception;
}

package io.streetstation.hil.bench;

/**
 * Options shared by all groups.
 *
 * @param quick fewer and shorter iterations: a smoke run that proves the benchmark works (CI),
 *     not a figure to quote
 */
public record BenchOptions(boolean quick) {
}

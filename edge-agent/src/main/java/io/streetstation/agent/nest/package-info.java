/**
 * The nest as the station model sees it (issue #5): the roof's state machine, the weather gate,
 * and the interlocks — one explicit table of what may move when — that every actuation of the
 * roof, the bays and the drones' launches and landings passes through. Pure: no threads, no I/O,
 * time passed in; the jobs that drive the nest and the device adapters that carry its commands to
 * the controller build on these; {@link io.streetstation.agent.nest.Nest} is the actor that runs them.
 *
 * <p>May import {@code config}, {@code actor} and the bridge's {@code time} (the station clock);
 * must not import the rest of the bridge, {@code device}, {@code uplink}, {@code cli} or
 * {@code runtime} (the adapters translate wire records into this package's values).
 */
package io.streetstation.agent.nest;

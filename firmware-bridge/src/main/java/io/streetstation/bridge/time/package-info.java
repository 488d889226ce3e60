/**
 * The station's time base: {@link io.streetstation.bridge.time.StationClock} with a real (optionally
 * accelerated) implementation and a manual one for tests.
 *
 * <p>Must not import anything from the rest of the project.
 */
package io.streetstation.bridge.time;

/**
 * Child-process mains for the uplink's crash tests: a station reduced to its outbox and uplink,
 * run in a separate JVM so a test can SIGKILL it. Uses the agent's uplink package only; no rig,
 * no devices.
 */
package io.streetstation.hil.uplink;

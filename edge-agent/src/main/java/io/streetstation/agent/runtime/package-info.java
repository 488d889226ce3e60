/**
 * The composition root: command line, configuration loading, wiring of links, devices, state
 * machines and uplink in start order, and their shutdown in reverse order.
 *
 * <p>The only package allowed to import every other one.
 */
package io.streetstation.agent.runtime;

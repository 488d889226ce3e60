/**
 * Patrol missions as values: points on the map (more to come: routes, their validation, hotspot
 * planning). Pure; no threads, no I/O.
 */
package io.streetstation.agent.mission;

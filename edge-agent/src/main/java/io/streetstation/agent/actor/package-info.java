/**
 * The one concurrency primitive of the station model: an actor's inbox.
 *
 * <p>Imports nothing of the agent; every other package may import it.
 */
package io.streetstation.agent.actor;

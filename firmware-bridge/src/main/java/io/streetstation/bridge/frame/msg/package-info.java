/**
 * The message catalogue of the station frame protocol (PROTOCOL.md §5): one validating record per
 * message type, {@link io.streetstation.bridge.frame.msg.MessageCatalog} mapping type ids to
 * decoders. Decoding yields a whole valid message or a typed error, never a partial message.
 *
 * <p>Wire vocabulary only: these records say what a device reports, not what the station should do
 * about it (no interlocks, no state machines). Must not import the agent, {@code mavlink},
 * {@code link}, or its parent package {@code frame} (the endpoint depends on the catalogue, not the
 * other way round).
 */
package io.streetstation.bridge.frame.msg;

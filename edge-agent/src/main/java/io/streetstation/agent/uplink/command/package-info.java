/**
 * The security half of the command path from central: parse a command strictly, verify who
 * signed it and that it is meant for this station now, and remember what was seen (replay cache,
 * idempotency, session counter) durably. Nothing here acts on hardware; a command that leaves
 * this package has only been proven authentic, fresh and new — whether its name, target and
 * params make sense is the command registry's question.
 *
 * <p>Central's side of the signature ({@link io.streetstation.agent.uplink.command.SignedCommandBuilder})
 * lives here too, so the station, its tests and the HIL suite sign with the very same code.
 *
 * <p>May import {@code config}, Jackson, the JCS canonicalizer and sqlite-jdbc; must not import
 * {@code device}, {@code runtime} or Paho (the MQTT adapter hands in payload, response topic and
 * correlation data as plain values).
 */
package io.streetstation.agent.uplink.command;

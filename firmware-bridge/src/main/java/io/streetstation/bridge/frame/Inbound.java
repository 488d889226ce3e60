package io.streetstation.bridge.frame;

import io.streetstation.bridge.frame.msg.StationMessage;

/**
 * A received, validated, de-duplicated message as handed to a {@link MessageHandler}.
 *
 * @param source sender address
 * @param destination this endpoint's address, or 0xFF for a broadcast
 * @param sequence the sender's sequence number, 0..65535
 * @param ackRequested the sender waits for the handler's verdict
 */
public record Inbound(int source, int destination, int sequence, boolean ackRequested,
                      StationMessage message) {
}

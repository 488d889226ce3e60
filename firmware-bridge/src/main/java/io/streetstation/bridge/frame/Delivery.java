package io.streetstation.bridge.frame;

import io.streetstation.bridge.frame.msg.StationMessage;
import java.util.Optional;

/**
 * A frame the peer acknowledged.
 *
 * @param peer destination address
 * @param sequence the frame's sequence number
 * @param attempts transmissions until the ACK, 1..retries+1
 * @param response the payload carried by the ACK (HELLO_ACK for HELLO), usually empty
 */
public record Delivery(int peer, int sequence, int attempts, Optional<StationMessage> response) {
}

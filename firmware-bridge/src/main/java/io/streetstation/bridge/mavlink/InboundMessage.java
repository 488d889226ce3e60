package io.streetstation.bridge.mavlink;

/**
 * A received, checked and decoded message.
 *
 * @param systemId    sender's system id, 1..255
 * @param componentId sender's component id, 0..255
 * @param sequence    frame sequence number, 0..255
 * @param messageId   MAVLink message id
 * @param payload     the dronefleet message object
 * @param version     1 or 2
 * @param signed      whether the frame carried a signature (verified if the link has a key)
 * @param linkId      signature link id, or -1 if unsigned
 */
public record InboundMessage<T>(int systemId, int componentId, int sequence, int messageId, T payload,
                                int version, boolean signed, int linkId) {

    /** The (sysid, compid) this came from. */
    public ComponentId source() {
        return new ComponentId(systemId, componentId);
    }
}

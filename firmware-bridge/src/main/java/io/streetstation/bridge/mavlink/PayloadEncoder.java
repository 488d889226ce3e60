package io.streetstation.bridge.mavlink;

/** Serializes a dronefleet message object into its full-length (untruncated) payload. */
public interface PayloadEncoder {

    /** @throws RuntimeException if the object is not a serializable dronefleet message */
    byte[] encode(Object message);
}

package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;

/**
 * dronefleet's reflective serializer. Sending is rare (heartbeats, commands, mission items) so its
 * per-message reflection does not matter; framing, truncation and signing are ours
 * ({@link FrameEncoder}).
 */
public final class ReflectivePayloadEncoder implements PayloadEncoder {

    private final ReflectionPayloadSerializer serializer = new ReflectionPayloadSerializer();

    @Override
    public byte[] encode(Object message) {
        return serializer.serialize(message);
    }
}

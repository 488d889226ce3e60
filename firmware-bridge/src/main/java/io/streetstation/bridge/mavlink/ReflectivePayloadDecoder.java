package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadDeserializer;
import java.util.Arrays;

/**
 * dronefleet's own {@link ReflectionPayloadDeserializer}: the reference for what a decoded message
 * must look like, and ~10× slower than {@link CachedPayloadDecoder} (it re-reads annotations and
 * sorts the builder methods for every frame; dronefleet issue #49).
 */
public final class ReflectivePayloadDecoder implements PayloadDecoder {

    private final ReflectionPayloadDeserializer deserializer = new ReflectionPayloadDeserializer();

    @Override
    public <T> T decode(Class<T> type, byte[] payload, int off, int len) {
        T message = deserializer.deserialize(Arrays.copyOfRange(payload, off, off + len), type);
        if (message == null) {
            // dronefleet prints the reflection error and returns null
            throw new IllegalStateException("dronefleet could not decode " + type.getSimpleName());
        }
        return message;
    }
}

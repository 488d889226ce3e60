package io.streetstation.bridge.frame.msg;

import java.util.Objects;
import java.util.function.Function;

/**
 * One entry of the catalogue: the wire id, a name for logs, the record class, the ACK policy and
 * how to read the payload.
 *
 * @param id type id, 0..65535 (PROTOCOL.md §5)
 */
public record MessageType<M extends StationMessage>(int id, String name, Class<M> javaType,
                                                    AckPolicy ackPolicy,
                                                    Function<PayloadReader, M> reader) {
    public MessageType {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("type id " + id + " out of range 0..65535");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(javaType, "javaType");
        Objects.requireNonNull(ackPolicy, "ackPolicy");
        Objects.requireNonNull(reader, "reader");
    }

    @Override
    public String toString() {
        return String.format("%s(0x%04X)", name, id);
    }
}

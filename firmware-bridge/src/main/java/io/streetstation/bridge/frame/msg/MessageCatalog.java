package io.streetstation.bridge.frame.msg;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Type ids to decoders and back: the catalogue of PROTOCOL.md §5. Decoding validates the whole
 * payload and yields a value, never an exception and never a partial message. Immutable and
 * thread-safe.
 */
public final class MessageCatalog {

    /** Largest payload a message may encode to, bytes (the frame limit). */
    public static final int MAX_PAYLOAD = 1024;

    private static final MessageCatalog STANDARD = new MessageCatalog(List.of(
            Hello.TYPE, HelloAck.TYPE, StatusRequest.TYPE, DeviceEvent.TYPE,
            RoofCommand.TYPE, RoofState.TYPE, BayCommand.TYPE, BayState.TYPE, Weather.TYPE,
            ClimateState.TYPE, ClimateSetMode.TYPE, EStopState.TYPE, EStopReset.TYPE, EStopTrigger.TYPE,
            TowerLightCommand.TYPE, TowerLightState.TYPE, PowerState.TYPE,
            RackSlotState.TYPE, RackLockCommand.TYPE,
            CaptureRecord.TYPE, ImageChunk.TYPE, ImageRequest.TYPE));

    private final Map<Integer, MessageType<?>> byId;

    /** A catalogue of {@code types}; ids must be unique. Tests build smaller ones. */
    public MessageCatalog(Collection<MessageType<?>> types) {
        Map<Integer, MessageType<?>> m = new LinkedHashMap<>();
        for (MessageType<?> t : types) {
            if (m.put(t.id(), t) != null) {
                throw new IllegalArgumentException("duplicate type id " + t);
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /** Every message of protocol version 1. */
    public static MessageCatalog standard() {
        return STANDARD;
    }

    public Optional<MessageType<?>> type(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<MessageType<?>> types() {
        return byId.values();
    }

    /** Decodes a payload of type {@code typeId}. Never throws on bad input. */
    public DecodeResult decode(int typeId, byte[] payload) {
        MessageType<?> type = byId.get(typeId);
        if (type == null) {
            return new DecodeResult.UnknownType(typeId);
        }
        PayloadReader r = new PayloadReader(payload);
        try {
            StationMessage m = type.reader().apply(r);
            r.expectEnd();
            return new DecodeResult.Decoded(m);
        } catch (IllegalArgumentException e) {
            // BadPayloadException and any record validation: the message as a whole is invalid
            return new DecodeResult.BadPayload(type, e.getMessage());
        }
    }

    /** The payload bytes of {@code m}. */
    public static byte[] encode(StationMessage m) {
        PayloadWriter w = new PayloadWriter();
        m.write(w);
        byte[] b = w.toByteArray();
        if (b.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(m.type() + " encodes to " + b.length + " bytes > "
                    + MAX_PAYLOAD);
        }
        return b;
    }
}

package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.MavlinkDialect;
import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the wire needs to know about each message of a dialect, read once from dronefleet's
 * annotations: CRC_EXTRA, full payload length, MAVLink 1 (non-extension) length and the class.
 * Immutable after construction; shared by the receive and send paths.
 */
public final class MessageCatalog {

    private final int[] crcExtra;          // -1 = unknown id
    private final short[] fullLength;
    private final short[] baseLength;
    private final Class<?>[] types;
    private final Map<Class<?>, Integer> idByType = new HashMap<>();
    private final Map<String, Integer> idByName = new HashMap<>();

    public MessageCatalog(MavlinkDialect dialect) {
        @SuppressWarnings("rawtypes")
        List<Class> all = dialect.messageTypes();
        int max = 0;
        for (Class<?> c : all) {
            MavlinkMessageInfo info = c.getAnnotation(MavlinkMessageInfo.class);
            if (info != null) {
                max = Math.max(max, info.id());
            }
        }
        crcExtra = new int[max + 1];
        java.util.Arrays.fill(crcExtra, -1);
        fullLength = new short[max + 1];
        baseLength = new short[max + 1];
        types = new Class<?>[max + 1];
        for (Class<?> c : all) {
            MavlinkMessageInfo info = c.getAnnotation(MavlinkMessageInfo.class);
            if (info == null) {
                continue;
            }
            int full = 0;
            int base = 0;
            for (Method m : c.getMethods()) {
                MavlinkFieldInfo f = m.getAnnotation(MavlinkFieldInfo.class);
                if (f != null) {
                    int size = f.unitSize() * Math.max(1, f.arraySize());
                    full += size;
                    if (!f.extension()) {
                        base += size;
                    }
                }
            }
            crcExtra[info.id()] = info.crc() & 0xFF;
            fullLength[info.id()] = (short) full;
            baseLength[info.id()] = (short) base;
            types[info.id()] = c;
            idByType.put(c, info.id());
            idByName.put(specName(c.getSimpleName()), info.id());
        }
    }

    /** dronefleet's class name back to the spec's name: GlobalPositionInt → GLOBAL_POSITION_INT, ScaledImu2 → SCALED_IMU2. */
    static String specName(String className) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < className.length(); i++) {
            char ch = className.charAt(i);
            if (i > 0 && Character.isUpperCase(ch) && !Character.isUpperCase(className.charAt(i - 1))) {
                b.append('_');
            }
            b.append(Character.toUpperCase(ch));
        }
        return b.toString();
    }

    /** The id of a message by its spec name ("RADIO_STATUS"), or -1 if the dialect has none. */
    public int id(String specName) {
        return idByName.getOrDefault(specName, -1);
    }

    /** CRC_EXTRA of {@code messageId}, or -1 if the dialect does not know the id. */
    public int crcExtra(int messageId) {
        return messageId >= 0 && messageId < crcExtra.length ? crcExtra[messageId] : -1;
    }

    /** The dronefleet class of a known id, else null. */
    public Class<?> type(int messageId) {
        return messageId >= 0 && messageId < types.length ? types[messageId] : null;
    }

    /** Message id of a dronefleet message class; -1 if not in this dialect. */
    public int id(Class<?> type) {
        Integer id = idByType.get(type);
        return id == null ? -1 : id;
    }

    /** Payload length with all extension fields, bytes. */
    public int fullLength(int messageId) {
        return fullLength[messageId];
    }

    /** Payload length without extension fields (the MAVLink 1 length), bytes. */
    public int baseLength(int messageId) {
        return baseLength[messageId];
    }

    /** One past the highest known id. */
    int idLimit() {
        return crcExtra.length;
    }
}

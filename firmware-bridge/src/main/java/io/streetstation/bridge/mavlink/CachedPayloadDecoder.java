package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.util.EnumValue;
import io.dronefleet.mavlink.util.WireFieldInfoComparator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decodes into the same dronefleet message objects as {@link ReflectivePayloadDecoder}, but reads
 * dronefleet's annotations once per message class: wire order, offsets, field kinds and method
 * handles for the builder's setters are kept in a {@link ClassValue}. Enum values 0..255 are
 * cached per enum type ({@link EnumValue#create(Class, int)} scans the enum's fields by reflection).
 *
 * <p>Equality with dronefleet's deserializer for every message of the ArduPilot dialect is a
 * property test (MavCachedDecoderPropertyTest). Classes with a field shape this decoder does not
 * know fall back to dronefleet's deserializer. Thread-safe.
 */
public final class CachedPayloadDecoder implements PayloadDecoder {

    private final ReflectivePayloadDecoder fallback = new ReflectivePayloadDecoder();

    private final ClassValue<Plan> plans = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return Plan.of(type);
        }
    };

    @Override
    public <T> T decode(Class<T> type, byte[] payload, int off, int len) {
        Plan plan = plans.get(type);
        if (plan == null || plan.unsupported) {
            return fallback.decode(type, payload, off, len);
        }
        return type.cast(plan.decode(payload, off, len));
    }

    private enum Kind { INT, LONG, FLOAT, DOUBLE, STRING, BYTES, BIGINT, ENUM, LIST }

    private static final MethodType SET_INT = MethodType.methodType(Object.class, Object.class, int.class);
    private static final MethodType SET_LONG = MethodType.methodType(Object.class, Object.class, long.class);
    private static final MethodType SET_FLOAT = MethodType.methodType(Object.class, Object.class, float.class);
    private static final MethodType SET_DOUBLE = MethodType.methodType(Object.class, Object.class, double.class);
    private static final MethodType SET_OBJECT = MethodType.methodType(Object.class, Object.class, Object.class);

    private static final class Field {
        Kind kind;
        int offset;
        int unitSize;
        int count;
        boolean signed;
        /** element kind for lists */
        Kind element;
        EnumCache enums;
        MethodHandle setter;
    }

    private static final class Plan {
        MethodHandle newBuilder;
        MethodHandle build;
        Field[] fields;
        boolean unsupported;

        static Plan of(Class<?> type) {
            Plan p = new Plan();
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Method factory = Arrays.stream(type.getMethods())
                        .filter(m -> m.isAnnotationPresent(MavlinkMessageBuilder.class))
                        .findFirst().orElseThrow();
                Class<?> builderType = factory.getReturnType();
                p.newBuilder = lookup.unreflect(factory).asType(MethodType.methodType(Object.class));
                p.build = lookup.unreflect(builderType.getMethod("build"))
                        .asType(MethodType.methodType(Object.class, Object.class));
                WireFieldInfoComparator wire = new WireFieldInfoComparator();
                List<Method> setters = new ArrayList<>();
                for (Method m : builderType.getMethods()) {
                    if (m.isAnnotationPresent(MavlinkFieldInfo.class)) {
                        setters.add(m);
                    }
                }
                setters.sort(Comparator.comparing(m -> m.getAnnotation(MavlinkFieldInfo.class), wire));
                List<Field> fields = new ArrayList<>();
                int offset = 0;
                for (Method m : setters) {
                    MavlinkFieldInfo info = m.getAnnotation(MavlinkFieldInfo.class);
                    Field f = new Field();
                    f.offset = offset;
                    f.unitSize = info.unitSize();
                    f.count = Math.max(1, info.arraySize());
                    f.signed = info.signed();
                    offset += f.unitSize * f.count;
                    if (m.getParameterCount() != 1) {
                        p.unsupported = true;
                        return p;
                    }
                    Type t = m.getGenericParameterTypes()[0];
                    MethodHandle h = lookup.unreflect(m);
                    if (t == int.class || t == Integer.class) {
                        f.kind = Kind.INT;
                        f.setter = h.asType(SET_INT);
                    } else if (t == long.class || t == Long.class) {
                        f.kind = Kind.LONG;
                        f.setter = h.asType(SET_LONG);
                    } else if (t == float.class || t == Float.class) {
                        f.kind = Kind.FLOAT;
                        f.setter = h.asType(SET_FLOAT);
                    } else if (t == double.class || t == Double.class) {
                        f.kind = Kind.DOUBLE;
                        f.setter = h.asType(SET_DOUBLE);
                    } else if (t == String.class) {
                        f.kind = Kind.STRING;
                        f.setter = h.asType(SET_OBJECT);
                    } else if (t == byte[].class) {
                        f.kind = Kind.BYTES;
                        f.setter = h.asType(SET_OBJECT);
                    } else if (t == BigInteger.class && f.count == 1) {
                        f.kind = Kind.BIGINT;
                        f.setter = h.asType(SET_OBJECT);
                    } else if (t instanceof ParameterizedType pt && pt.getRawType() == EnumValue.class) {
                        f.kind = Kind.ENUM;
                        f.enums = EnumCache.of(info.enumType());
                        f.setter = h.asType(SET_OBJECT);
                    } else if (t instanceof ParameterizedType pt && pt.getRawType() == List.class
                            && pt.getActualTypeArguments()[0] instanceof Class<?> e) {
                        f.kind = Kind.LIST;
                        f.element = e == Integer.class ? Kind.INT : e == Long.class ? Kind.LONG
                                : e == Float.class ? Kind.FLOAT : e == Double.class ? Kind.DOUBLE : null;
                        if (f.element == null) {
                            p.unsupported = true;
                            return p;
                        }
                        f.setter = h.asType(SET_OBJECT);
                    } else {
                        p.unsupported = true;
                        return p;
                    }
                    fields.add(f);
                }
                p.fields = fields.toArray(new Field[0]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                p.unsupported = true;
            }
            return p;
        }

        Object decode(byte[] b, int off, int len) {
            try {
                Object builder = newBuilder.invokeExact();
                for (Field f : fields) {
                    int at = off + f.offset;
                    int avail = Math.min(len - f.offset, f.unitSize * f.count); // may be <= 0
                    switch (f.kind) {
                        case INT -> {
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    (int) integer(b, at, avail, f.unitSize * f.count, f.signed));
                        }
                        case LONG -> {
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    integer(b, at, avail, f.unitSize * f.count, f.signed));
                        }
                        case FLOAT -> {
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    Float.intBitsToFloat((int) integer(b, at, avail, 4, false)));
                        }
                        case DOUBLE -> {
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    Double.longBitsToDouble(integer(b, at, avail, 8, false)));
                        }
                        case ENUM -> {
                            int v = (int) integer(b, at, avail, f.unitSize * f.count, f.signed);
                            Object ignored = (Object) f.setter.invokeExact(builder, (Object) f.enums.get(v));
                        }
                        case STRING -> {
                            int n = 0;
                            int limit = Math.max(0, avail);
                            while (n < limit && b[at + n] != 0) {
                                n++;
                            }
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    (Object) new String(b, at, n, StandardCharsets.UTF_8));
                        }
                        case BYTES -> {
                            byte[] data = new byte[f.unitSize * f.count];
                            if (avail > 0) {
                                System.arraycopy(b, at, data, 0, avail);
                            }
                            Object ignored = (Object) f.setter.invokeExact(builder, (Object) data);
                        }
                        case BIGINT -> {
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    (Object) BigInteger.valueOf(integer(b, at, avail, 8, false)));
                        }
                        case LIST -> {
                            Object[] items = new Object[f.count];
                            for (int i = 0; i < f.count; i++) {
                                int ea = at + i * f.unitSize;
                                int eavail = avail - i * f.unitSize;
                                long raw = integer(b, ea, eavail, f.unitSize, f.signed);
                                items[i] = switch (f.element) {
                                    case INT -> (int) raw;
                                    case LONG -> raw;
                                    case FLOAT -> Float.intBitsToFloat((int) raw);
                                    default -> Double.longBitsToDouble(raw);
                                };
                            }
                            Object ignored = (Object) f.setter.invokeExact(builder,
                                    (Object) Collections.unmodifiableList(Arrays.asList(items)));
                        }
                        default -> throw new IllegalStateException(f.kind.name());
                    }
                }
                return (Object) build.invokeExact(builder);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * Little-endian integer of {@code size} bytes at {@code at}, of which only {@code avail} are
     * present (the rest read as zero), sign-extended from bit {@code size*8-1} when {@code signed}.
     * Mirrors dronefleet bit for bit, including its treatment of array fields typed as one scalar
     * or enum (ESC_INFO.failure_flags: the whole 8-byte array is read as one number).
     */
    static long integer(byte[] b, int at, int avail, int size, boolean signed) {
        int n = Math.min(avail, size);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (b[at + i] & 0xFF) << (i * 8);
        }
        if (signed) {
            int signBit = size * 8 - 1;
            if ((v >> signBit) == 1) {
                v |= -1L << signBit;
            }
        }
        return v;
    }

    /** EnumValue instances for 0..255 per enum type, built lazily through dronefleet's own factory. */
    private static final class EnumCache {
        private static final ClassValue<EnumCache> BY_TYPE = new ClassValue<>() {
            @Override
            protected EnumCache computeValue(Class<?> type) {
                return new EnumCache(type);
            }
        };
        private final Class<?> type;
        private final AtomicReferenceArray<EnumValue<?>> small = new AtomicReferenceArray<>(256);

        private EnumCache(Class<?> type) {
            this.type = type;
        }

        static EnumCache of(Class<?> type) {
            return BY_TYPE.get(type);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        EnumValue<?> get(int value) {
            if (value >= 0 && value < 256) {
                EnumValue<?> e = small.getPlain(value);
                if (e == null) {
                    e = EnumValue.create((Class) type, value);
                    small.setRelease(value, e);
                }
                return e;
            }
            return EnumValue.create((Class) type, value);
        }
    }
}

package io.streetstation.bridge.frame.msg;

/** An enum carried as a {@code u8}; {@link #code()} is its wire value. */
public interface WireEnum {

    int code();

    /**
     * The constant of {@code type} with wire value {@code code}.
     *
     * @throws BadPayloadException if no constant has that code
     */
    static <E extends Enum<E> & WireEnum> E fromCode(Class<E> type, int code, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.code() == code) {
                return e;
            }
        }
        throw new BadPayloadException(field + ": unknown " + type.getSimpleName() + " code " + code);
    }
}

package io.streetstation.bridge.mavlink;

/**
 * Turns the payload bytes of one frame into a dronefleet message object. The seam where the codec
 * can be swapped (cached, generated, another library).
 */
public interface PayloadDecoder {

    /**
     * Decodes {@code payload[off, off+len)}. The payload may be shorter than the message (MAVLink 2
     * truncates trailing zeros; missing bytes read as zero) or longer (a newer dialect's
     * extensions; extra bytes are ignored).
     *
     * @throws RuntimeException if {@code type} cannot be decoded; the caller counts and drops
     */
    <T> T decode(Class<T> type, byte[] payload, int off, int len);
}

package io.streetstation.agent.runtime;

import io.streetstation.agent.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads the MAVLink signing key: 32 raw bytes, or 64 hex digits (with optional whitespace). */
final class SigningKeys {

    private SigningKeys() {
    }

    static byte[] read(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("mavlink.signing.key-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (raw.length == 32) {
            return raw;
        }
        String text = new String(raw, StandardCharsets.US_ASCII).strip();
        if (text.matches("[0-9a-fA-F]{64}")) {
            return HexFormat.of().parseHex(text);
        }
        throw new ConfigException("mavlink.signing.key-file: " + file + " must hold 32 bytes or 64 hex digits, has "
                + raw.length + " bytes");
    }
}

package io.streetstation.bridge.gpio;

import java.time.Instant;

/** An input pin changed: its logical state after the change (polarity applied) and when. */
public record InputChange(String id, boolean active, Instant at) {
}

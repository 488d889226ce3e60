package io.streetstation.bridge.link;

import java.time.Instant;
import java.util.Objects;

/**
 * State of a link with a human-readable detail ("open /dev/ttyUSB0 failed: Port busy") and when
 * it was entered.
 */
public record LinkStatus(String link, LinkState state, String detail, Instant since) {
    public LinkStatus {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }

    public boolean isUp() {
        return state == LinkState.UP;
    }
}

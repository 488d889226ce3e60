package io.streetstation.agent.mission;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why no patrol could be planned.
 *
 * @param code stable, for machines; one of the constants below
 * @param words for people, with the numbers
 */
public record NoHotspotPlan(String code, String words) implements HotspotOutcome {

    /** The patrol's altitude or speed is outside the limits. */
    public static final String SETTINGS_OUTSIDE_LIMITS = "plan.settings-outside-limits";
    /** The battery is at or below the return reserve: nothing can be flown. */
    public static final String BATTERY_AT_RESERVE = "plan.battery-at-reserve";
    /** No cell has weight inside the geofence. */
    public static final String NO_WEIGHT = "plan.no-weight";
    /** Cells have weight, but none can be reached and returned from within the usable battery. */
    public static final String NOTHING_REACHABLE = "plan.nothing-reachable";

    private static final Pattern CODE = Pattern.compile("plan\\.[a-z]+(-[a-z]+)*");

    public NoHotspotPlan {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a plan code is 'plan.' and hyphenated lower-case words, was '" + code + "'");
        }
        Objects.requireNonNull(words, "words");
    }
}

package io.streetstation.agent.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which drone goes to an incident. Pure. A drone fits when its battery, less what the way there,
 * the time on scene and the way home take, keeps the return reserve. Of those that fit, the one
 * there soonest goes: an airborne drone nearby usually (no launch), a docked one when the airborne
 * ones are far or short of battery; on equal arrival an airborne one, then the fuller battery.
 */
public final class DispatchPolicy {

    private DispatchPolicy() {
    }

    /**
     * @param drone its name
     * @param airborne already flying (no launch needed)
     * @param etaS until it can be over the scene, launch included, s
     * @param batteryPercent now, %
     * @param percentNeeded the way there, the time on scene and the way home, %
     */
    public record Candidate(String drone, boolean airborne, double etaS, double batteryPercent, double percentNeeded) {
        public Candidate {
            Objects.requireNonNull(drone, "drone");
        }

        boolean fits(double reservePercent) {
            return batteryPercent - percentNeeded >= reservePercent;
        }
    }

    public sealed interface Choice {
    }

    public record Chosen(Candidate candidate) implements Choice {
    }

    /** @param reasons why each candidate did not fit, or that there were none */
    public record NoneFits(String reasons) implements Choice {
    }

    public static Choice choose(List<Candidate> candidates, double reservePercent) {
        List<String> why = new ArrayList<>();
        List<Candidate> fit = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.fits(reservePercent)) {
                fit.add(c);
            } else {
                why.add(String.format(Locale.ROOT, "%s: battery %.0f %%, needs %.0f %% and keeps %.0f %%", c.drone(),
                        c.batteryPercent(), c.percentNeeded(), reservePercent));
            }
        }
        if (fit.isEmpty()) {
            return new NoneFits(candidates.isEmpty() ? "no drone is airborne or ready in a bay" : String.join("; ", why));
        }
        return new Chosen(fit.stream().min(Comparator.comparingDouble(Candidate::etaS)
                .thenComparing(c -> !c.airborne())
                .thenComparing(Comparator.comparingDouble(Candidate::batteryPercent).reversed())).orElseThrow());
    }
}

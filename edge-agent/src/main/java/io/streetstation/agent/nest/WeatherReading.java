package io.streetstation.agent.nest;

import java.time.Instant;
import java.util.Objects;

/**
 * The mast weather station's reading, in SI units.
 *
 * @param windMps 1-min mean wind, m/s, ≥ 0
 * @param gustMps 3-s maximum gust, m/s, ≥ 0
 * @param rainMmPerH rain intensity, mm/h, ≥ 0
 * @param temperatureC outside air, °C
 * @param at station time of the reading
 */
public record WeatherReading(double windMps, double gustMps, double rainMmPerH, double temperatureC, Instant at) {

    public WeatherReading {
        Objects.requireNonNull(at, "at");
        if (!(windMps >= 0) || !(gustMps >= 0) || !(rainMmPerH >= 0) || !Double.isFinite(temperatureC)) {
            throw new IllegalArgumentException("weather reading out of range: wind " + windMps + " m/s, gust " + gustMps
                    + " m/s, rain " + rainMmPerH + " mm/h, temperature " + temperatureC + " °C");
        }
    }
}

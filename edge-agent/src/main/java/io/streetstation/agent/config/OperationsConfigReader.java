package io.streetstation.agent.config;

import java.time.Duration;

/** The station file's {@code operations:} section; every key is optional and defaults to {@link OperationsSettings#defaults()}. */
public final class OperationsConfigReader {

    private OperationsConfigReader() {
    }

    public static OperationsSettings read(ConfigNode operations) {
        OperationsSettings d = OperationsSettings.defaults();
        ConfigNode w = operations.nodeOrEmpty("weather");
        OperationsSettings.Weather dw = d.weather();
        OperationsSettings.Weather weather = new OperationsSettings.Weather(
                w.decimal("wind-launch-max", 0, 40, dw.windLaunchMax()),
                w.decimal("gust-launch-max", 0, 60, dw.gustLaunchMax()),
                w.decimal("rain-launch-max", 0, 500, dw.rainLaunchMax()),
                w.decimal("wind-recall", 0, 40, dw.windRecall()),
                w.decimal("gust-recall", 0, 60, dw.gustRecall()),
                w.decimal("rain-recall", 0, 500, dw.rainRecall()),
                w.decimal("temperature-min", -50, 50, dw.temperatureMin()),
                w.decimal("temperature-max", -50, 85, dw.temperatureMax()),
                w.duration("stale-after", Duration.ofSeconds(5), Duration.ofMinutes(10), dw.staleAfter()),
                w.duration("clear-after", Duration.ZERO, Duration.ofHours(2), dw.clearAfter()));
        ConfigNode l = operations.nodeOrEmpty("launch");
        OperationsSettings.Launch dl = d.launch();
        OperationsSettings.Launch launch = new OperationsSettings.Launch(
                (int) l.integer("battery-floor", 20, 100, dl.batteryFloorPercent()),
                l.duration("boot-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.bootDeadline()),
                l.duration("preflight-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.preflightDeadline()),
                l.duration("centring-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.centringDeadline()),
                l.duration("takeoff-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.takeoffDeadline()),
                l.decimal("corridor-height", 1, 100, dl.corridorHeight()),
                l.decimal("takeoff-altitude", 2, 500, dl.takeoffAltitude()));
        OperationsSettings.Land land = new OperationsSettings.Land(operations.nodeOrEmpty("land")
                .duration("deadline", Duration.ofSeconds(30), Duration.ofMinutes(30), d.land().deadline()));
        ConfigNode r = operations.nodeOrEmpty("roof");
        OperationsSettings.Roof roof = new OperationsSettings.Roof(
                r.duration("open-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), d.roof().openDeadline()),
                r.duration("close-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), d.roof().closeDeadline()));
        ConfigNode f = operations.nodeOrEmpty("flight");
        OperationsSettings.Flight df = d.flight();
        OperationsSettings.Flight flight = new OperationsSettings.Flight(
                f.decimal("cruise-speed", 1, 20, df.cruiseSpeed()),
                f.decimal("dispatch-speed", 1, 25, df.dispatchSpeed()),
                f.duration("endurance", Duration.ofMinutes(5), Duration.ofHours(2), df.endurance()),
                f.decimal("return-reserve", 5, 60, df.returnReservePercent()),
                f.duration("relay-lead", Duration.ofSeconds(10), Duration.ofMinutes(10), df.relayLead()),
                f.decimal("site-lat", -90, 90, df.siteLat()),
                f.decimal("site-lon", -180, 180, df.siteLon()));
        if (Double.isNaN(flight.siteLat()) != Double.isNaN(flight.siteLon())) {
            throw new ConfigException("operations.flight: site-lat and site-lon go together");
        }
        return new OperationsSettings(weather, launch, land, roof, flight);
    }
}

package io.streetstation.bridge.frame.msg;

/**
 * WEATHER 0x0120, nest to agent: the mast weather station, fixed-point.
 *
 * @param windCmPerS 1-min mean wind, cm/s, 0..7500
 * @param gustCmPerS 3-s max gust, cm/s, 0..7500
 * @param directionDeciDeg direction the wind comes from, 0.1 degree, 0..3599
 * @param rainDeciMmPerH rain intensity, 0.1 mm/h, 0..5000
 * @param temperatureCentiC outside air, 0.01 degC, -5000..8500
 * @param humidityCentiPct relative humidity, 0.01 %RH, 0..10000
 * @param pressureDeciHpa air pressure, 0.1 hPa, 3000..11000
 */
public record Weather(int windCmPerS, int gustCmPerS, int directionDeciDeg, int rainDeciMmPerH,
                      int temperatureCentiC, int humidityCentiPct, int pressureDeciHpa)
        implements StationMessage {

    public static final MessageType<Weather> TYPE = new MessageType<>(0x0120, "WEATHER",
            Weather.class, AckPolicy.NEVER, Weather::read);

    public Weather {
        Check.range("wind cm/s", windCmPerS, 0, 7500);
        Check.range("gust cm/s", gustCmPerS, 0, 7500);
        Check.range("direction 0.1 deg", directionDeciDeg, 0, 3599);
        Check.range("rain 0.1 mm/h", rainDeciMmPerH, 0, 5000);
        Check.range("temperature 0.01 degC", temperatureCentiC, -5000, 8500);
        Check.range("humidity 0.01 %", humidityCentiPct, 0, 10_000);
        Check.range("pressure 0.1 hPa", pressureDeciHpa, 3000, 11_000);
    }

    public double windMetresPerSecond() {
        return windCmPerS / 100.0;
    }

    public double gustMetresPerSecond() {
        return gustCmPerS / 100.0;
    }

    public double rainMillimetresPerHour() {
        return rainDeciMmPerH / 10.0;
    }

    @Override
    public MessageType<Weather> type() {
        return TYPE;
    }

    @Override
    public void write(PayloadWriter w) {
        w.u16(windCmPerS).u16(gustCmPerS).u16(directionDeciDeg).u16(rainDeciMmPerH)
                .i16(temperatureCentiC).u16(humidityCentiPct).u16(pressureDeciHpa);
    }

    static Weather read(PayloadReader r) {
        return new Weather(r.u16("wind"), r.u16("gust"), r.u16("direction"), r.u16("rain"),
                r.i16("temperature"), r.u16("humidity"), r.u16("pressure"));
    }
}

package io.streetstation.agent.uplink;

/**
 * The station's topic tree (contract/asyncapi.yaml): {@code stations/{station}/{scope}/{class}},
 * scope {@code station} or a device name; commands on {@code commands/{station}}.
 */
public record Topics(String station) {

    /** The scope of station-wide messages. */
    public static final String STATION = "station";

    public String status() {
        return of(STATION, "status");
    }

    public String birth() {
        return of(STATION, "birth");
    }

    public String replies() {
        return of(STATION, "replies");
    }

    public String telemetry(String device) {
        return of(device, "telemetry");
    }

    public String fast(String device) {
        return of(device, "fast");
    }

    public String events(String device) {
        return of(device, "events");
    }

    public String captures(String device) {
        return of(device, "captures");
    }

    public String chunks(String device) {
        return of(device, "chunks");
    }

    public String commands() {
        return "commands/" + station;
    }

    /** True when {@code topic} lies in this station's own tree (where it may publish). */
    public boolean owns(String topic) {
        return topic.startsWith("stations/" + station + "/") && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }

    private String of(String scope, String cls) {
        return "stations/" + station + "/" + scope + "/" + cls;
    }
}

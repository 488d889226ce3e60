package io.streetstation.agent.mission;

/** A point on the WGS-84 ellipsoid, degrees (placeholder until the mission package lands). */
public record GeoPoint(double lat, double lon) {
}

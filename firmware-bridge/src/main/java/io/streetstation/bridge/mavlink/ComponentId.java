package io.streetstation.bridge.mavlink;

/**
 * A MAVLink component address.
 *
 * @param systemId    1..255 (0 = broadcast, only as a target)
 * @param componentId 0..255 (0 = all components of the system, only as a target)
 */
public record ComponentId(int systemId, int componentId) {
    public ComponentId {
        if (systemId < 0 || systemId > 255 || componentId < 0 || componentId > 255) {
            throw new IllegalArgumentException("bad MAVLink address " + systemId + "/" + componentId);
        }
    }

    @Override
    public String toString() {
        return systemId + "/" + componentId;
    }
}

package io.streetstation.agent.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.bridge.mavlink.MissionItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A route as mission items, item by item, and the waypoint ↔ item index mapping. */
class MissionItemsTest {

    static final Route PATROL = new Route("patrol-7", List.of(
            Waypoint.passThrough(new GeoPoint(36.8, 118.05), 60),
            new Waypoint(new GeoPoint(36.8012345, 118.0509876), 45.5, 20),
            Waypoint.passThrough(new GeoPoint(36.799, 118.049), 80)), 12, 2);

    @Test
    void aRouteWithCapture_becomesSpeedCameraWaypointsStopAndReturn() {
        assertThat(MissionItems.of(PATROL)).containsExactly(
                // frame 2 MISSION, DO_CHANGE_SPEED: ground speed, 12 m/s, throttle unchanged
                new MissionItem(2, 178, 0, 1, 1, 12, -1, 0, 0, 0, 0),
                // IMAGE_START_CAPTURE: all cameras, every 2 s, until stopped
                new MissionItem(2, 2000, 0, 1, 0, 2, 0, 0, 0, 0, 0),
                // frame 6 GLOBAL_RELATIVE_ALT_INT, NAV_WAYPOINT, no hold
                new MissionItem(6, 16, 0, 1, 0, 0, 0, 0, 368_000_000, 1_180_500_000, 60),
                // NAV_LOITER_TIME 20 s
                new MissionItem(6, 19, 0, 1, 20, 0, 0, 0, 368_012_345, 1_180_509_876, 45.5f),
                new MissionItem(6, 16, 0, 1, 0, 0, 0, 0, 367_990_000, 1_180_490_000, 80),
                // IMAGE_STOP_CAPTURE, NAV_RETURN_TO_LAUNCH
                new MissionItem(2, 2001, 0, 1, 0, 0, 0, 0, 0, 0, 0),
                new MissionItem(2, 20, 0, 1, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aRouteWithoutCapture_hasNoCameraItems() {
        Route quiet = new Route("quiet", PATROL.waypoints(), 9.5, 0);
        List<MissionItem> items = MissionItems.of(quiet);
        assertThat(items).extracting(MissionItem::command).containsExactly(178, 16, 19, 16, 20);
        assertThat(items.get(0).param2()).isEqualTo(9.5f);
    }

    @Test
    void itemIndex_andBack_roundTripEveryWaypoint_withAndWithoutCapture() {
        for (Route r : List.of(PATROL, new Route("quiet", PATROL.waypoints(), 12, 0))) {
            List<MissionItem> items = MissionItems.of(r);
            for (int w = 0; w < r.waypoints().size(); w++) {
                int i = MissionItems.itemIndexOf(r, w);
                assertThat(MissionItems.waypointIndexOf(r, i)).isEqualTo(w);
                assertThat(items.get(i).x()).isEqualTo((int) Math.round(r.waypoints().get(w).point().lat() * 1e7));
            }
        }
        assertThat(MissionItems.itemIndexOf(PATROL, 0)).isEqualTo(2);
        assertThat(MissionItems.itemIndexOf(new Route("quiet", PATROL.waypoints(), 12, 0), 0)).isEqualTo(1);
    }

    @Test
    void itemsBeforeTheFirstWaypoint_leadToIt_itemsAfterTheLast_meanOnTheWayHome() {
        assertThat(MissionItems.waypointIndexOf(PATROL, 0)).isZero();
        assertThat(MissionItems.waypointIndexOf(PATROL, 1)).isZero();
        assertThat(MissionItems.waypointIndexOf(PATROL, 5)).isEqualTo(3);
        assertThat(MissionItems.waypointIndexOf(PATROL, 6)).isEqualTo(3);
        assertThatThrownBy(() -> MissionItems.waypointIndexOf(PATROL, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> MissionItems.itemIndexOf(PATROL, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> MissionItems.itemIndexOf(PATROL, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aHandOver_fliesTheRestOfTheRoute_withItsOwnSpeedAndCameraItems() {
        int current = MissionItems.itemIndexOf(PATROL, 1);
        Route rest = PATROL.remainingFrom(MissionItems.waypointIndexOf(PATROL, current));
        assertThat(rest.waypoints()).isEqualTo(PATROL.waypoints().subList(1, 3));
        assertThat(MissionItems.of(rest)).extracting(MissionItem::command).containsExactly(178, 2000, 19, 16, 2001, 20);
    }
}

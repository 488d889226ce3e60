package io.streetstation.bridge.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import org.junit.jupiter.api.Test;

class MavMessageCatalogTest {

    private final MessageCatalog catalog = new MessageCatalog(new ArdupilotmegaDialect());

    @Test
    void specNames_resolveToTheirIds() {
        assertThat(catalog.id("HEARTBEAT")).isZero();
        assertThat(catalog.id("RADIO_STATUS")).isEqualTo(109);
        assertThat(catalog.id("GLOBAL_POSITION_INT")).isEqualTo(33);
        assertThat(catalog.id("SCALED_IMU2")).isEqualTo(116);
        assertThat(catalog.id("AHRS2")).isEqualTo(178);
        assertThat(catalog.id("GPS2_RAW")).isEqualTo(124);
        assertThat(catalog.id("CAMERA_IMAGE_CAPTURED")).isEqualTo(263);
        assertThat(catalog.id("NO_SUCH_MESSAGE")).isEqualTo(-1);
    }
}

package io.streetstation.bridge.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pi4jDigitalPinsTest {

    private static final InputPinConfig ESTOP =
            new InputPinConfig("estop", 17, Polarity.ACTIVE_HIGH, Pull.UP, Duration.ofMillis(20));
    private static final InputPinConfig DOOR =
            new InputPinConfig("door-front", 22, Polarity.ACTIVE_LOW, Pull.UP, Duration.ofMillis(50));
    private static final OutputPinConfig RELAY =
            new OutputPinConfig("nest-power", 5, Polarity.ACTIVE_LOW, true, false);
    private static final OutputPinConfig RED =
            new OutputPinConfig("tower-red", 6, Polarity.ACTIVE_HIGH, false, false);

    private Pi4jDigitalPins pins;

    @AfterEach
    void close() {
        if (pins != null) {
            pins.close();
        }
    }

    private Pi4jDigitalPins mockPins() {
        pins = Pi4jDigitalPins.open(new GpioConfig(GpioProvider.MOCK, List.of(ESTOP, DOOR), List.of(RELAY, RED)));
        return pins;
    }

    @Test
    void mockInputs_startAtRest_likeAWiredBoard_andAnOpenEStopLoopReadsPressed() {
        Pi4jDigitalPins p = mockPins();
        assertThat(p.isActive("estop")).as("NC loop closed: released").isFalse();
        assertThat(p.isActive("door-front")).as("active-low door switch at rest").isFalse();

        // NC loop to ground + pull-up: a pressed button (or a cut wire) lets the pin go high = pressed
        assertThat(Polarity.ACTIVE_HIGH.activeAt(true)).isTrue();
        p.mockDriver().orElseThrow().drive("estop", true);
        assertThat(p.isActive("estop")).isTrue();
    }

    @Test
    void mockInput_driven_firesChangesThroughPi4jEvents() {
        Pi4jDigitalPins p = mockPins();
        List<InputChange> seen = new CopyOnWriteArrayList<>();
        p.onChange(seen::add);
        MockPinDriver driver = p.mockDriver().orElseThrow();

        driver.drive("estop", true);    // pressed
        driver.drive("estop", false);   // released
        driver.drive("estop", true);    // pressed again

        assertThat(seen).extracting(InputChange::id, InputChange::active)
                .containsExactly(tuple("estop", true), tuple("estop", false), tuple("estop", true));
        assertThat(p.isActive("estop")).isTrue();
    }

    @Test
    void activeLowInput_lowLevel_readsActive() {
        Pi4jDigitalPins p = mockPins();
        List<InputChange> seen = new CopyOnWriteArrayList<>();
        p.onChange(seen::add);

        p.mockDriver().orElseThrow().drive("door-front", true);

        assertThat(p.isActive("door-front")).isTrue();
        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("door-front");
            assertThat(c.active()).isTrue();
        });
    }

    @Test
    void activeLowOutput_startsAtInitialState_andInvertsLevel() {
        Pi4jDigitalPins p = mockPins();
        MockPinDriver driver = p.mockDriver().orElseThrow();

        // relay board is active-low and configured initially energised: pin driven LOW
        assertThat(p.outputActive("nest-power")).isTrue();
        assertThat(driver.outputLevelHigh("nest-power")).isFalse();

        p.setActive("nest-power", false);
        assertThat(p.outputActive("nest-power")).isFalse();
        assertThat(driver.outputLevelHigh("nest-power")).isTrue();

        p.setActive("tower-red", true);
        assertThat(driver.outputLevelHigh("tower-red")).isTrue();
    }

    @Test
    void close_drivesOutputsToShutdownState_andRefusesFurtherWrites() {
        Pi4jDigitalPins p = mockPins();
        MockPinDriver driver = p.mockDriver().orElseThrow();
        p.setActive("tower-red", true);

        p.close();

        assertThat(driver.outputLevelHigh("tower-red")).isFalse();
        assertThat(driver.outputLevelHigh("nest-power")).isTrue(); // shutdown = de-energised = HIGH on active-low
        assertThatThrownBy(() -> p.setActive("tower-red", true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tower-red");
    }

    @Test
    void unknownPin_isRejectedWithTheKnownNames() {
        Pi4jDigitalPins p = mockPins();
        assertThatThrownBy(() -> p.isActive("estopp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("estopp").hasMessageContaining("estop");
        assertThatThrownBy(() -> p.setActive("tower-blue", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tower-red");
    }

    @Test
    void listenerThatThrows_doesNotStopOtherListeners() {
        Pi4jDigitalPins p = mockPins();
        List<InputChange> seen = new CopyOnWriteArrayList<>();
        p.onChange(c -> {
            throw new IllegalStateException("boom");
        });
        p.onChange(seen::add);

        p.mockDriver().orElseThrow().drive("estop", true);

        assertThat(seen).hasSize(1);
    }

    @Test
    void gpiodOffAPi_failsLoudly_neverFallsBackToMock() {
        GpioConfig real = new GpioConfig(GpioProvider.GPIOD, List.of(ESTOP), List.of());
        assertThatThrownBy(() -> Pi4jDigitalPins.open(real))
                .isInstanceOf(GpioUnavailableException.class)
                .hasMessageContaining("GPIOD");
    }

    @Test
    void config_rejectsDuplicateIdsAndPins_andOutOfRangeValues() {
        assertThatThrownBy(() -> new GpioConfig(GpioProvider.MOCK, List.of(ESTOP),
                List.of(new OutputPinConfig("estop", 4, Polarity.ACTIVE_HIGH, false, false))))
                .hasMessageContaining("'estop' is used twice");
        assertThatThrownBy(() -> new GpioConfig(GpioProvider.MOCK, List.of(ESTOP),
                List.of(new OutputPinConfig("relay", 17, Polarity.ACTIVE_HIGH, false, false))))
                .hasMessageContaining("BCM 17 is used twice");
        assertThatThrownBy(() -> new InputPinConfig("x", 28, Polarity.ACTIVE_HIGH, Pull.NONE, Duration.ZERO))
                .hasMessageContaining("0..27");
        assertThatThrownBy(() -> new InputPinConfig("Bad Id", 3, Polarity.ACTIVE_HIGH, Pull.NONE, Duration.ZERO))
                .hasMessageContaining("must match");
        assertThatThrownBy(() -> new InputPinConfig("x", 3, Polarity.ACTIVE_HIGH, Pull.NONE, Duration.ofSeconds(2)))
                .hasMessageContaining("debounce");
        assertThatThrownBy(() -> new GpioConfig(null, List.of(), List.of()))
                .hasMessageContaining("explicitly");
    }
}

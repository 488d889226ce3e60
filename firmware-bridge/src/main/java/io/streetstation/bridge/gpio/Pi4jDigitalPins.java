package io.streetstation.bridge.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * {@link DigitalPins} on a Pi4J 3 context built with exactly one provider pair, chosen by
 * configuration: libgpiod on the board, or Pi4J's mock provider. Auto-detection is off, so a board
 * whose GPIO cannot be opened fails with {@link GpioUnavailableException} instead of falling back
 * to simulated pins.
 */
public final class Pi4jDigitalPins implements DigitalPins {

    private static final TaggedLogger LOG = Logger.tag("gpio");

    private final GpioConfig config;
    private final Context context;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final List<Consumer<InputChange>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile boolean closed;

    private record Input(InputPinConfig config, DigitalInput pin) {
    }

    private record Output(OutputPinConfig config, DigitalOutput pin) {
    }

    private Pi4jDigitalPins(GpioConfig config, Context context, Clock clock) {
        this.config = config;
        this.context = context;
        this.clock = clock;
    }

    /**
     * Opens the pins of {@code config}.
     *
     * @throws GpioUnavailableException if the provider cannot be opened or a pin cannot be claimed
     */
    public static Pi4jDigitalPins open(GpioConfig config) {
        return open(config, Clock.systemUTC());
    }

    public static Pi4jDigitalPins open(GpioConfig config, Clock clock) {
        Context ctx;
        try {
            ctx = switch (config.provider()) {
                case GPIOD -> Pi4J.newContextBuilder().noAutoDetect()
                        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                        .build();
                case MOCK -> Pi4J.newContextBuilder().noAutoDetect()
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                        .build();
            };
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("gpio: provider " + config.provider() + " could not be opened: " + e
                    + (config.provider() == GpioProvider.GPIOD
                    ? " (is this a Pi-class board with libgpiod and access to /dev/gpiochip*? For the virtual rig set gpio provider: mock)"
                    : ""), e);
        }
        Pi4jDigitalPins pins = new Pi4jDigitalPins(config, ctx, clock);
        try {
            pins.claimAll();
        } catch (RuntimeException | LinkageError e) {
            pins.shutdownContext();
            throw new GpioUnavailableException("gpio: claiming pins on " + config.provider() + " failed: " + e, e);
        }
        LOG.info("gpio: {} inputs, {} outputs on provider {}", pins.inputs.size(), pins.outputs.size(), config.provider());
        return pins;
    }

    private void claimAll() {
        String inProvider = config.provider() == GpioProvider.GPIOD ? GpioDDigitalInputProvider.ID : MockDigitalInputProvider.ID;
        String outProvider = config.provider() == GpioProvider.GPIOD ? GpioDDigitalOutputProvider.ID : MockDigitalOutputProvider.ID;
        for (InputPinConfig in : config.inputs()) {
            DigitalInput pin = context.create(DigitalInput.newConfigBuilder(context)
                    .id(in.id()).name(in.id()).address(in.bcm())
                    .pull(switch (in.pull()) {
                        case NONE -> PullResistance.OFF;
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                    })
                    .debounce(in.debounce().toNanos() / 1_000L)
                    .provider(inProvider)
                    .build());
            if (pin instanceof MockDigitalInput mock) {
                // the mock is a wired board at rest: every input inactive (the E-stop's NC loop closed, doors shut, no
                // rain), whatever its polarity; Pi4J's mock would start low regardless. On the board a cut E-stop
                // loop reads pressed through its pull-up; here a scenario drives that (MockPinDriver)
                mock.mockState(level(in.polarity().highFor(false)));
            }
            pin.addListener(event -> fire(in, event.state()));
            inputs.put(in.id(), new Input(in, pin));
        }
        for (OutputPinConfig out : config.outputs()) {
            DigitalOutput pin = context.create(DigitalOutput.newConfigBuilder(context)
                    .id(out.id()).name(out.id()).address(out.bcm())
                    .initial(level(out.polarity().highFor(out.initialActive())))
                    .shutdown(level(out.polarity().highFor(out.shutdownActive())))
                    .provider(outProvider)
                    .build());
            outputs.put(out.id(), new Output(out, pin));
        }
    }

    private void fire(InputPinConfig in, DigitalState state) {
        if (state == DigitalState.UNKNOWN) {
            LOG.warn("gpio: input {} (BCM {}) reports an unknown level", in.id(), in.bcm());
            return;
        }
        boolean active = in.polarity().activeAt(state.isHigh());
        LOG.info("gpio: {} -> {}", in.id(), active ? "active" : "inactive");
        InputChange change = new InputChange(in.id(), active, clock.instant());
        for (Consumer<InputChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.error(e, "gpio: listener failed on {}", change);
            }
        }
    }

    private static DigitalState level(boolean high) {
        return high ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public GpioProvider provider() {
        return config.provider();
    }

    @Override
    public boolean isActive(String inputId) {
        Input in = input(inputId);
        return in.config.polarity().activeAt(in.pin.state().isHigh());
    }

    @Override
    public void setActive(String outputId, boolean active) {
        if (closed) {
            throw new IllegalStateException("gpio: closed; cannot drive " + outputId);
        }
        Output out = output(outputId);
        out.pin.state(level(out.config.polarity().highFor(active)));
        LOG.info("gpio: {} <- {}", outputId, active ? "active" : "inactive");
    }

    @Override
    public boolean outputActive(String outputId) {
        Output out = output(outputId);
        return out.config.polarity().activeAt(out.pin.state().isHigh());
    }

    @Override
    public void onChange(Consumer<InputChange> listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<MockPinDriver> mockDriver() {
        if (config.provider() != GpioProvider.MOCK) {
            return Optional.empty();
        }
        return Optional.of(new MockPinDriver() {
            @Override
            public void drive(String inputId, boolean active) {
                Input in = input(inputId);
                ((MockDigitalInput) in.pin).mockState(level(in.config.polarity().highFor(active)));
            }

            @Override
            public boolean outputLevelHigh(String outputId) {
                return ((MockDigitalOutput) output(outputId).pin).state().isHigh();
            }
        });
    }

    private Input input(String id) {
        Input in = inputs.get(id);
        if (in == null) {
            throw new IllegalArgumentException("gpio: no input named '" + id + "' (inputs: " + inputs.keySet() + ")");
        }
        return in;
    }

    private Output output(String id) {
        Output out = outputs.get(id);
        if (out == null) {
            throw new IllegalArgumentException("gpio: no output named '" + id + "' (outputs: " + outputs.keySet() + ")");
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Output out : outputs.values()) {
            try {
                out.pin.state(level(out.config.polarity().highFor(out.config.shutdownActive())));
            } catch (RuntimeException e) {
                LOG.error(e, "gpio: could not drive {} to its shutdown state", out.config.id());
            }
        }
        shutdownContext();
    }

    private void shutdownContext() {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("gpio: context shutdown: {}", e.toString());
        }
    }
}

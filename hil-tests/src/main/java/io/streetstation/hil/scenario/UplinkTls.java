package io.streetstation.hil.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a scenario's station over mutual TLS, as a deployed station reaches central, instead of the
 * plain loopback TCP the other scenarios use. {@link StationExtension} then starts, for each
 * scenario method, a fresh embedded broker with a TLS listener and a throw-away PKI
 * ({@link io.streetstation.hil.broker.TestPki}); the agent dials {@code ssl://localhost:<port>}
 * with plain TCP not allowed, and central's view stays on the same broker's plain listener.
 *
 * <p>A fresh broker per method, not one shared: a station refused at the TLS listener must be
 * seen to reach central with nothing, and a shared broker would still hold the retained birth and
 * status an earlier scenario's station left under the same station id.
 *
 * <p>On a method it overrides the class's. The broker is embedded whatever the rig file names (an
 * external broker would not trust the test PKI); the rig's devices are used as usual.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface UplinkTls {

    /** The TLS material the agent's configuration names. */
    Material value() default Material.DEVICE_CA;

    /** What the agent presents and whom it trusts. */
    enum Material {
        /** A client certificate from the device CA the broker trusts (CN = station id), trusting that CA: gets in. */
        DEVICE_CA,
        /**
         * A client certificate with the same CN from a second, unrelated PKI's CA, still trusting the
         * device CA for the broker: the broker refuses it.
         */
        CLIENT_CA_NOT_TRUSTED_BY_BROKER,
        /**
         * The device CA's client certificate, but trusting a second PKI's CA instead of the one that
         * issued the broker's certificate: the agent refuses the broker.
         */
        BROKER_CA_NOT_TRUSTED_BY_AGENT
    }
}

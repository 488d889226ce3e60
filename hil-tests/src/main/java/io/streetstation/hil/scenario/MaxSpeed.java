package io.streetstation.hil.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caps the station clock's speed for a scenario class. An accelerated clock magnifies real
 * latencies: at ×60 a 100 ms pause of the test JVM is 6 s of station time, longer than some
 * vehicle timeouts (ArduPilot disarms 10 s after arming without a takeoff). Scenarios whose command
 * sequences must fit inside such a timeout declare the speed at which they stay meaningful.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MaxSpeed {

    /** Station seconds per real second at most. */
    double value();
}

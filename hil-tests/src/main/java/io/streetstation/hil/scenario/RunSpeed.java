package io.streetstation.hil.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The clock speed a long scenario runs at on an all-virtual rig (a station day at ×120 takes twelve
 * minutes), instead of the rig file's. A rig with physical devices always runs in real time; there
 * the annotation is ignored. Only for scenarios without tight vehicle timeouts: see {@link MaxSpeed}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunSpeed {

    /** Station seconds per real second. */
    double value();
}

package io.streetstation.hil.scenario;

import io.streetstation.hil.rig.RigFile;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The simulated weather a scenario class needs, instead of the rig file's (a virtual rig only has weather to choose). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RigWeather {

    RigFile.Weather value();
}

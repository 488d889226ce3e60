package io.streetstation.hil.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The agent's {@code uplink.images} for a scenario class, instead of the station file's. The
 * simulated cameras make 1–3 KB images, always under the station file's inline limit; a scenario
 * that must see the chunked path sets a lower limit and smaller chunks here (below the 1 KiB the
 * configuration reader accepts for {@code chunk-bytes}, so the agent's settings are replaced after
 * loading). Not combined with {@link UplinkTls}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UplinkImages {

    /** Images up to this many bytes travel inside the capture message. */
    int inlineMaxBytes();

    /** Larger images travel in chunks of this many bytes. */
    int chunkBytes();
}

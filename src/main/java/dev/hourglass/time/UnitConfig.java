package dev.hourglass.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The time unit that ephemeral identifiers rotate with. */
@ConfigMapping(prefix = "hourglass.time")
public interface UnitConfig {

    /** Length of one unit; clients derive their ids from floor(unix seconds / unit seconds). */
    @WithDefault("PT1H")
    Duration unit();
}

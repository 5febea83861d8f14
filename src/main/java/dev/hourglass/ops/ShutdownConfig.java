package dev.hourglass.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How an instance goes away on SIGTERM. */
@ConfigMapping(prefix = "hourglass.shutdown")
public interface ShutdownConfig {

    /**
     * The window over which the open WebSockets are closed with 1012, spread evenly, so that a restart does not send
     * every client to the other instances in the same second. Readiness is DOWN and upgrades are refused from its
     * start.
     */
    @WithDefault("PT10S")
    Duration drain();
}

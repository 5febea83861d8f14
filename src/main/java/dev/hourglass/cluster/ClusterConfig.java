package dev.hourglass.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the Redis mode; the memory mode has none. */
@ConfigMapping(prefix = "hourglass.cluster")
public interface ClusterConfig {

    /**
     * An instance whose heartbeat is older than this is dead: the others remove its members (peer-left,
     * contact-offline). Heartbeats and the check for dead instances run at a third of it.
     */
    @WithDefault("PT6S")
    Duration nodeTimeout();

    /** Prefix of every Redis key and channel name, so that several deployments can share one Redis. */
    @WithDefault("hg:")
    String keyPrefix();
}

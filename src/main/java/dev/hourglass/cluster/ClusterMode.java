package dev.hourglass.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Which engine the instance runs on: {@code hourglass.cluster=memory} (one instance) or {@code redis} (several). */
@ConfigMapping(prefix = "hourglass")
public interface ClusterMode {

    enum Mode { MEMORY, REDIS }

    @WithName("cluster")
    @WithDefault("memory")
    Mode cluster();
}

package dev.hourglass.contacts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of contact routing on /ws; the key keeps the hourglass.ws prefix it has always had. */
@ConfigMapping(prefix = "hourglass.ws")
public interface ContactsConfig {

    /**
     * Bound connections listening on one contact key, counted over every instance of a cluster (a contact key
     * normally has two holders, each with a few tabs).
     */
    @WithDefault("16")
    int maxPeersPerContactKey();
}

package dev.hourglass.cluster;

import dev.hourglass.cluster.memory.MemoryEngine;
import dev.hourglass.cluster.memory.MemoryHub;
import dev.hourglass.registration.InMemoryRegistrationStore;
import dev.hourglass.registration.RegistrationConfig;
import dev.hourglass.registration.RegistrationStore;
import dev.hourglass.time.TimeUnits;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Chooses the engine and the registration store by {@code hourglass.cluster}. Only the Redis mode asks for the
 * Redis client, so the memory mode never configures or connects one.
 */
@Singleton
class Engines {

    @Produces
    @Singleton
    Engine engine(ClusterMode mode, ClusterNode node) {
        if (mode.cluster() != ClusterMode.Mode.MEMORY) {
            throw new ConfigurationException("hourglass.cluster=redis is not built yet");
        }
        return new MemoryEngine(new MemoryHub(), node);
    }

    @Produces
    @Singleton
    RegistrationStore registrationStore(TimeUnits units, RegistrationConfig config) {
        return new InMemoryRegistrationStore(units, config);
    }

    /** Both are made at start, so that a misconfiguration fails the start and the Redis connection is up early. */
    void start(@Observes StartupEvent event, Engine engine, RegistrationStore store) {
        engine.available();
    }

}

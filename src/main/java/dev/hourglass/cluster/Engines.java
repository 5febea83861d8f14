package dev.hourglass.cluster;

import dev.hourglass.cluster.memory.MemoryEngine;
import dev.hourglass.cluster.memory.MemoryHub;
import dev.hourglass.cluster.redis.RedisEngine;
import dev.hourglass.cluster.redis.RedisRealmStore;
import dev.hourglass.cluster.redis.RedisRegistrationStore;
import dev.hourglass.crypto.Blinder;
import dev.hourglass.crypto.BlindingConfig;
import dev.hourglass.crypto.Sealer;
import dev.hourglass.realms.InMemoryRealmStore;
import dev.hourglass.realms.RealmStore;
import dev.hourglass.realms.RealmsConfig;
import dev.hourglass.registration.InMemoryRegistrationStore;
import dev.hourglass.registration.RegistrationConfig;
import dev.hourglass.registration.RegistrationStore;
import dev.hourglass.time.TimeUnits;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Chooses the engine, the registration store and the realm store by {@code hourglass.cluster}. Only the Redis mode asks for the
 * Redis client, so the memory mode never configures or connects one.
 */
@Singleton
class Engines {

    @Produces
    @Singleton
    Engine engine(ClusterMode mode, ClusterNode node, ClusterConfig config, BlindingConfig blinding, Blinder blinder, Instance<Redis> redis,
            Vertx vertx) {
        if (mode.cluster() == ClusterMode.Mode.MEMORY) {
            return new MemoryEngine(new MemoryHub(), node);
        }
        if (blinding.key().isEmpty()) {
            throw new ConfigurationException("hourglass.cluster=redis needs hourglass.blinding.key (32 bytes, base64), the same on "
                    + "every instance: each blinds identifiers with it, and a random key per instance would make them strangers");
        }
        if (config.nodeTimeout().toMillis() < 1000) {
            // Heartbeats run at a third of it: below a second, a busy instance would be taken for dead by the others.
            throw new ConfigurationException("hourglass.cluster.node-timeout must be at least PT1S");
        }
        RedisEngine engine = new RedisEngine(redis.get(), node, config, vertx, blinder.derive("redis publications"));
        engine.start();
        return engine;
    }

    @Produces
    @Singleton
    RegistrationStore registrationStore(Engine engine, TimeUnits units, RegistrationConfig config, ClusterConfig cluster,
            Instance<Redis> redis, Instance<Sealer> sealer) {
        if (engine instanceof RedisEngine redisEngine) {
            return new RedisRegistrationStore(redis.get(), redisEngine, units, sealer.get(), config, cluster);
        }
        return new InMemoryRegistrationStore(units, config);
    }

    @Produces
    @Singleton
    RealmStore realmStore(Engine engine, RealmsConfig config, ClusterConfig cluster, Instance<Redis> redis, Blinder blinder,
            Instance<Sealer> sealer, Clock clock) {
        if (engine instanceof RedisEngine redisEngine) {
            return new RedisRealmStore(redis.get(), redisEngine, cluster.keyPrefix(), blinder, sealer.get(), config, clock);
        }
        return new InMemoryRealmStore(config, clock);
    }

    /** Both are made at start, so that a misconfiguration fails the start and the Redis connection is up early. */
    void start(@Observes StartupEvent event, Engine engine, RegistrationStore store) {
        engine.available();
    }

}

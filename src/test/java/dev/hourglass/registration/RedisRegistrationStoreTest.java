package dev.hourglass.registration;

import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.redis.RedisEngine;
import dev.hourglass.cluster.redis.RedisRegistrationStore;
import dev.hourglass.crypto.Blinder;
import dev.hourglass.crypto.Sealer;
import dev.hourglass.support.RedisEngines;
import dev.hourglass.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The registration store's contract against a real Redis server. */
class RedisRegistrationStoreTest extends RegistrationStoreContract {

    private static RedisServer server;
    private static Vertx vertx;
    private static Redis redis;
    private static RedisEngine engine;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        redis = RedisEngines.client(vertx, server);
        engine = RedisEngines.started(vertx, server, new ClusterNode("node-registration-test"), Duration.ofSeconds(6));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        engine.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        server.close();
    }

    @BeforeEach
    void empty() throws Exception {
        assertThat(server.cli("FLUSHALL")).contains("OK");
    }

    @Override
    protected RegistrationStore store(int maxRegistrations, int maxHolders) {
        return new RedisRegistrationStore(redis, engine, units, new Sealer(new Blinder(Optional::empty)), config(maxRegistrations, maxHolders),
                RedisEngines.config(Duration.ofSeconds(6)));
    }

    /** Redis gives back a copy: the same user, unit, contact keys and public key. */
}

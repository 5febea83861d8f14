package dev.hourglass.support;

import dev.hourglass.cluster.ClusterConfig;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.redis.RedisEngine;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Redis engines outside Quarkus, on a real server, for the seams' contract tests. */
public final class RedisEngines {

    /** Shared by every engine a test makes, as the blinding key is by every instance of a cluster. */
    private static final byte[] TRANSIT_KEY = "a transit key of 32 bytes, tests".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RedisEngines() {
    }

    public static ClusterConfig config(Duration nodeTimeout) {
        return new ClusterConfig() {
            @Override
            public Duration nodeTimeout() {
                return nodeTimeout;
            }

            @Override
            public String keyPrefix() {
                return "hg:";
            }
        };
    }

    public static Redis client(Vertx vertx, RedisServer server) {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()).setMaxWaitingHandlers(16384)
                .setMaxPoolSize(8).setMaxPoolWaiting(1024));
    }

    /** An engine for this node, started and connected. */
    public static RedisEngine started(Vertx vertx, RedisServer server, ClusterNode node, Duration nodeTimeout) {
        RedisEngine engine = new RedisEngine(client(vertx, server), node, config(nodeTimeout), vertx, TRANSIT_KEY);
        engine.start();
        await().atMost(Duration.ofSeconds(10)).until(engine::available);
        return engine;
    }
}

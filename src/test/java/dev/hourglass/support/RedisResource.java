package dev.hourglass.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real Redis server for the Quarkus app under test, and the Redis mode pointed at it. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    /** A fixed key, as every instance of a cluster shares one; tests only. */
    public static final String BLINDING_KEY = "dGVzdC1ibGluZGluZy1rZXktMzItYnl0ZXMtbG9uZyE=";

    /** The server of the Quarkus app under test (one at a time: Quarkus runs one app per profile), for checks of what it holds. */
    private static volatile RedisServer server;

    public static RedisServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = RedisServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("redis-server could not be started (is it installed?)", e);
        }
        return Map.of("hourglass.cluster", "redis", "quarkus.redis.hosts", server.uri(), "hourglass.blinding.key", BLINDING_KEY);
    }

    @Override
    public void stop() {
        RedisServer stopping = server;
        server = null;
        try {
            stopping.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.hourglass.cluster;

import dev.hourglass.cluster.memory.MemoryEngine;
import dev.hourglass.cluster.memory.MemoryHub;
import dev.hourglass.cluster.redis.RedisEngine;
import dev.hourglass.crypto.BlindedId;
import dev.hourglass.support.RedisEngines;
import dev.hourglass.support.RedisServer;
import io.vertx.core.Vertx;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Several nodes on one engine, in one process: what the seams' contract tests run against. */
interface EngineFixture extends AutoCloseable {

    /** How long a dead node's members may take to be announced as left. */
    Duration deathBound();

    Engine engine(Recorder node);

    /** The node stops without a word, as a killed process does. */
    void kill(Recorder node);

    static ChannelId channel(ChannelId.Kind kind) {
        SecureRandom random = new SecureRandom();
        return ChannelId.of(kind, new BlindedId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
    }

    final class Memory implements EngineFixture {
        final MemoryHub hub = new MemoryHub();

        @Override
        public Duration deathBound() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Engine engine(Recorder node) {
            return new MemoryEngine(hub, node.node);
        }

        @Override
        public void kill(Recorder node) {
            hub.kill(node.id());
        }

        @Override
        public void close() {
        }
    }

    final class Redis implements EngineFixture {
        static final Duration NODE_TIMEOUT = Duration.ofMillis(900);
        final RedisServer server;
        final Vertx vertx = Vertx.vertx();
        final Map<String, RedisEngine> engines = new HashMap<>();

        Redis(RedisServer server) {
            this.server = server;
        }

        @Override
        public Duration deathBound() {
            // The deadline, plus a heartbeat period for some node's check to run, plus delivery.
            return NODE_TIMEOUT.plus(NODE_TIMEOUT.dividedBy(3)).plusMillis(1500);
        }

        @Override
        public Engine engine(Recorder node) {
            RedisEngine engine = RedisEngines.started(vertx, server, node.node, NODE_TIMEOUT);
            engines.put(node.id(), engine);
            return engine;
        }

        @Override
        public void kill(Recorder node) {
            engines.remove(node.id()).stop();
        }

        @Override
        public void close() throws Exception {
            engines.values().forEach(RedisEngine::stop);
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}

package dev.hourglass.cluster;

import dev.hourglass.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against a real Redis server, emptied before each test. */
class RedisPresenceTest extends PresenceContract {

    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    @Override
    protected EngineFixture fixture() throws Exception {
        assertThat(server.cli("FLUSHALL")).contains("OK");
        return new EngineFixture.Redis(server);
    }
}

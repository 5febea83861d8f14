package dev.hourglass.relay;

import dev.hourglass.support.RedisMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every test of {@link RelayTest}, on one instance in the Redis mode: the relay does not know its engine. */
@QuarkusTest
@TestProfile(RedisMode.class)
class RelayRedisTest extends RelayTest {
}

package dev.hourglass.ops;

import dev.hourglass.support.RedisMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link MetricsTest} in the Redis mode, where the engine's metrics exist too. */
@QuarkusTest
@TestProfile(RedisMode.class)
class MetricsRedisTest extends MetricsTest {

    @Override
    boolean redisMode() {
        return true;
    }
}

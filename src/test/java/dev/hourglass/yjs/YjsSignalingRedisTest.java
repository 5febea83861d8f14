package dev.hourglass.yjs;

import dev.hourglass.support.RedisMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every test of {@link YjsSignalingTest}, on one instance in the Redis mode: the protocol does not know its engine. */
@QuarkusTest
@TestProfile(RedisMode.class)
class YjsSignalingRedisTest extends YjsSignalingTest {
}

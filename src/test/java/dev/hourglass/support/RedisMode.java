package dev.hourglass.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Runs a Quarkus test class in the Redis mode, on its own Redis server. */
public class RedisMode implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisResource.class));
    }
}

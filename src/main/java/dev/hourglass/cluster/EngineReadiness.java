package dev.hourglass.cluster;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the engine can be reached: always in the memory mode, while Redis answers in the Redis mode. */
@Readiness
@Singleton
class EngineReadiness implements HealthCheck {

    private final Engine engine;

    EngineReadiness(Engine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster-engine").status(engine.available()).build();
    }
}

package dev.hourglass.transport;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

/**
 * One periodic sweep over all connections (one timer for the instance, not one per connection): pings each,
 * closes those silent past the heartbeat timeout and those idle (nothing to wait for) past the idle timeout.
 */
@Singleton
class Liveness {

    private final Connections connections;
    private final Vertx vertx;
    private final long intervalMs;
    private final long timeoutNanos;
    private final long idleNanos;

    Liveness(Connections connections, Vertx vertx, TransportConfig config) {
        this.connections = connections;
        this.vertx = vertx;
        this.intervalMs = Math.max(100, config.heartbeat().toMillis());
        this.timeoutNanos = config.heartbeatTimeout().toNanos();
        this.idleNanos = config.idleTimeout().toNanos();
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(intervalMs, id -> sweep(System.nanoTime()));
    }

    private void sweep(long now) {
        for (Connection connection : connections.all()) {
            long idleSince = connection.idleSinceNanos;
            if (now - connection.lastHeardNanos > timeoutNanos) {
                connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
            } else if (idleSince != 0 && now - idleSince > idleNanos) {
                connection.close(CloseCodes.IDLE, "idle");
            } else {
                connection.ping();
            }
        }
    }
}

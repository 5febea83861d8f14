package dev.hourglass.signaling;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

/**
 * One periodic sweep over all connections (one timer for the instance, not one per connection): pings each,
 * closes those silent past the heartbeat timeout and those idle (no room, no binding) past the idle timeout.
 */
@Singleton
class Liveness {

    private final Sessions sessions;
    private final Vertx vertx;
    private final long intervalMs;
    private final long timeoutNanos;
    private final long idleNanos;

    Liveness(Sessions sessions, Vertx vertx, SignalingConfig config) {
        this.sessions = sessions;
        this.vertx = vertx;
        this.intervalMs = Math.max(100, config.heartbeat().toMillis());
        this.timeoutNanos = config.heartbeatTimeout().toNanos();
        this.idleNanos = config.idleTimeout().toNanos();
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(intervalMs, id -> sweep(System.nanoTime()));
    }

    private void sweep(long now) {
        for (Peer peer : sessions.all()) {
            long idleSince = peer.idleSinceNanos;
            if (now - peer.lastHeardNanos > timeoutNanos) {
                peer.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
            } else if (idleSince != 0 && now - idleSince > idleNanos) {
                peer.close(CloseCodes.IDLE, "idle");
            } else {
                peer.ping();
            }
        }
    }
}

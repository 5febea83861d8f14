package dev.hourglass.ops;

import dev.hourglass.transport.CloseCodes;
import dev.hourglass.transport.Connection;
import dev.hourglass.transport.Connections;
import dev.hourglass.transport.WebSocketTransport;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SIGTERM, before the HTTP server stops (Quarkus's shutdown delay phase, in which Quarkus's own readiness check
 * reports DOWN): upgrades are refused with 503, and the open WebSockets are closed with 1012 (service restart), in
 * random order, spread over the drain window, so that clients reconnect to the other instances a few at a time. HTTP
 * requests are still served meanwhile; a /register in flight completes. Runs on the shutdown thread, which may wait.
 */
@Singleton
class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final WebSocketTransport transport;
    private final Connections connections;
    private final long drainNanos;

    GracefulShutdown(WebSocketTransport transport, Connections connections, ShutdownConfig config) {
        this.transport = transport;
        this.connections = connections;
        this.drainNanos = config.drain().toNanos();
    }

    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        transport.stopAdmitting();
        List<Connection> open = new ArrayList<>(connections.all());
        Collections.shuffle(open);
        LOG.infof("shutting down: closing %d WebSocket connections over %d ms", open.size(), drainNanos / 1_000_000);
        long start = System.nanoTime();
        for (int i = 0; i < open.size(); i++) {
            long due = start + drainNanos * i / open.size();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            open.get(i).close(CloseCodes.SERVICE_RESTART, "server restarting");
        }
    }
}

package dev.hourglass.transport;

import dev.hourglass.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A protocol served over WebSocket connections. The transport does everything common (admission, message assembly
 * and caps, rate limit, liveness, the write path, close codes) and calls these on the connection's own event loop.
 */
public interface WebSocketEndpoint<C extends Connection> {

    /**
     * Before the upgrade, after the method check: a problem refuses the request with it (no connection is made),
     * null lets it through. Event loop of the request.
     */
    default Problem refusal(HttpServerRequest request) {
        return null;
    }

    /** Makes the endpoint's connection object; nothing is sent yet. */
    C connect(Upgraded upgraded);

    /** The connection is registered and its handlers are set: the endpoint's greeting, if it has one. */
    void opened(C connection);

    /**
     * A whole text message within the size cap and the rate. Its bytes are valid during this call only (they may be the
     * frame's pooled buffer, reused once the call returns): whatever keeps them copies them; writing the buffer to
     * connections is safe (each write takes a reference of its own).
     */
    void onText(C connection, Buffer message);

    /** A whole binary message within the size cap and the rate; its bytes as {@link #onText}'s. */
    void onBinary(C connection, Buffer message);

    /** The first message refused by the rate limit in a streak (the next ones are dropped silently). */
    void onRateLimited(C connection);

    /** The connection is gone: clean up after it. */
    void closed(C connection);
}

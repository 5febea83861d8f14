package dev.hourglass.transport;

import dev.hourglass.net.AddressRate;
import dev.hourglass.net.ClientAddress;
import dev.hourglass.problem.Problem;
import io.quarkus.runtime.ShutdownEvent;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.json.Json;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The connection layer every WebSocket endpoint shares: admission at the upgrade (method, total and per-address caps),
 * then for each connection the assembly of messages from frames (bounded), the rate limit, the held messages of a
 * suspended connection, and the clean-up after it. Endpoints only see whole messages, on the connection's event loop.
 * It runs on Vert.x directly rather than through an annotation layer, so that every write can check its connection's
 * queue and every frame is seen before any allocation for its message.
 */
@Singleton
public class WebSocketTransport {

    /** The name Vert.x gives the IdleStateHandler it adds for quarkus.http.idle-timeout. */
    private static final String HTTP_IDLE_HANDLER = "idle";

    private final Connections connections;
    private final AddressLimiter addresses;
    private final AddressRate connectionRate;
    private final TransportConfig config;
    private final Set<String> allowedOrigins;
    private final Map<String, EndpointStats> stats = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Every connection's write queue bound (a channel is unwritable past its high mark), one object for all. */
    private final WriteBufferWaterMark writeQueueBound;
    /** Set once the instance is shutting down: no connection is admitted any more. */
    private volatile boolean admitting = true;

    WebSocketTransport(Connections connections, AddressLimiter addresses, TransportConfig config) {
        this.connections = connections;
        this.addresses = addresses;
        this.config = config;
        this.writeQueueBound = new WriteBufferWaterMark(config.writeQueueMaxBytes() / 2, config.writeQueueMaxBytes());
        this.connectionRate = new AddressRate(config.connectionRate(), config.connectionBurst(),
                "hourglass.ws.connection-rate and connection-burst");
        this.allowedOrigins = config.allowedOrigins().orElse(List.of()).stream()
                .map(String::trim).filter(origin -> !origin.isEmpty()).map(origin -> origin.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whatever the drain left open is closed now, as a restart: clients reconnect, to another instance if there is one. */
    void shutdown(@Observes ShutdownEvent event) {
        stopAdmitting();
        connections.all().forEach(connection -> connection.close(CloseCodes.SERVICE_RESTART, "server restarting"));
    }

    /** From now on every upgrade is refused with 503: the instance is going away. */
    public void stopAdmitting() {
        admitting = false;
    }

    /** Whether the request asks to become a WebSocket (its method aside). */
    public static boolean isUpgrade(HttpServerRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** Every endpoint's counts, for the metrics. */
    public Collection<EndpointStats> endpoints() {
        return stats.values();
    }

    /**
     * The route handler that upgrades requests to connections of this endpoint. Several handlers may serve one
     * endpoint under one name (its counts are then shared).
     *
     * @param name the endpoint's path, such as /ws; without the slash, its metrics label
     */
    public <C extends Connection> Handler<RoutingContext> serve(String name, WebSocketEndpoint<C> endpoint) {
        Inbound<C> inbound = new Inbound<>(endpoint, stats.computeIfAbsent(name, key -> new EndpointStats(key.substring(1))));
        return context -> upgrade(context, name, inbound);
    }

    private <C extends Connection> void upgrade(RoutingContext context, String name, Inbound<C> inbound) {
        HttpServerRequest request = context.request();
        if (request.method() != HttpMethod.GET || !isUpgrade(request)) {
            context.response().putHeader("Upgrade", "websocket");
            reject(context, inbound, UpgradeRefusal.NOT_AN_UPGRADE, 426, "Upgrade Required", name + " takes WebSocket connections only");
            return;
        }
        if (!admitting) {
            context.response().putHeader("Retry-After", "1");
            reject(context, inbound, UpgradeRefusal.SHUTTING_DOWN, 503, "Service Unavailable", "this instance is shutting down; connect again");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            reject(context, inbound, UpgradeRefusal.ORIGIN_NOT_ALLOWED, 403, "Forbidden", "pages of this origin may not connect");
            return;
        }
        Problem refusal = inbound.endpoint.refusal(request);
        if (refusal != null) {
            inbound.stats.refused(UpgradeRefusal.BAD_REQUEST);
            reject(context, refusal);
            return;
        }
        if (connections.count() >= config.maxConnections()) {
            context.response().putHeader("Retry-After", "30");
            reject(context, inbound, UpgradeRefusal.CONNECTIONS_FULL, 503, "Service Unavailable",
                    "the server holds as many connections as it is configured for");
            return;
        }
        String address = ClientAddress.of(request);
        long waitNanos = connectionRate.acquire(address);
        if (waitNanos > 0) {
            context.response().putHeader("Retry-After", AddressRate.retryAfterSeconds(waitNanos));
            reject(context, inbound, UpgradeRefusal.CONNECTION_RATE, 429, "Too Many Requests",
                    "this address opens connections faster than the server allows");
            return;
        }
        if (!addresses.tryAcquire(address)) {
            context.response().putHeader("Retry-After", "30");
            reject(context, inbound, UpgradeRefusal.TOO_MANY_CONNECTIONS, 429, "Too Many Requests",
                    "this address has as many open connections as allowed");
            return;
        }
        // The Netty channel under the request: once Vert.x has answered the handshake, it is the connection's own.
        Channel channel = ((ConnectionBase) request.connection()).channel();
        String path = request.path();
        // Vert.x answers the handshake before the future completes, on this event loop, so no frame has been read yet.
        // The connection is opened on the loop's own context (the request runs on a duplicate of it), where its frames
        // will be served.
        ContextInternal loop = ((ContextInternal) Vertx.currentContext()).unwrap();
        HandshakeFlush.hold(channel);
        Future<ServerWebSocket> handshake;
        try {
            handshake = request.toWebSocket();
        } catch (RuntimeException requestAlreadyRead) {
            // Vert.x refuses a request whose body was read already; the router answers it, and nothing is held.
            abandon(channel, address);
            throw requestAlreadyRead;
        }
        handshake.onSuccess(accepted -> loop.dispatch(null, ignored -> open(channel, loop, path, address, inbound)))
                .onFailure(failure -> {
                    abandon(channel, address);
                    if (!context.response().ended()) {
                        reject(context, inbound, UpgradeRefusal.BAD_HANDSHAKE, 400, "Bad Request", "the WebSocket handshake is invalid");
                    }
                });
    }

    /** The upgrade will not become a connection: its hold on the channel's flushes and its address's count go back. */
    private void abandon(Channel channel, String address) {
        HandshakeFlush.release(channel);
        addresses.release(address);
    }

    private static void reject(RoutingContext context, Inbound<?> inbound, UpgradeRefusal reason, int status, String title, String detail) {
        inbound.stats.refused(reason);
        reject(context, Problem.of(status, reason.type, title, detail));
    }

    private static void reject(RoutingContext context, Problem problem) {
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }

    private <C extends Connection> void open(Channel channel, ContextInternal loop, String path, String address, Inbound<C> inbound) {
        // The HTTP idle timeout's handler (and its timer) has no job on a WebSocket: Liveness pings and times out
        // every connection itself, with one timer for all of them.
        if (channel.pipeline().get(HTTP_IDLE_HANDLER) != null) {
            channel.pipeline().remove(HTTP_IDLE_HANDLER);
        }
        channel.config().setWriteBufferWaterMark(writeQueueBound);
        long now = System.nanoTime();
        C connection = inbound.endpoint.connect(new Upgraded(newId(), path, channel, loop,
                new TokenBucket(config.rateLimit(), config.rateBurst(), now), now, inbound));
        VertxHandler<?> vertxHandler;
        try {
            // From here on the frames are the connection's (see FrameHandler).
            vertxHandler = channel.pipeline().replace(VertxHandler.class, FrameHandler.NAME, new FrameHandler<>(this, inbound, connection, address));
        } catch (NoSuchElementException channelGone) {
            // The channel closed while the handshake was being answered: its handlers are gone, and so is it.
            addresses.release(address);
            return;
        }
        // Vert.x's part of the connection ends here: its close handlers run now (Quarkus's count for
        // quarkus.http.limits.max-connections among them, which would otherwise never get this connection back), and
        // its WebSocket objects, which nothing references any more, are garbage.
        vertxHandler.channelInactive(channel.pipeline().context(FrameHandler.NAME));
        HandshakeFlush.open(channel);
        // The 101 leaves at the end of this turn, with whatever the endpoint greets the client with, in one write.
        connection.flushAtEndOfTurn();
        connections.add(connection);
        inbound.stats.open.incrementAndGet();
        inbound.endpoint.opened(connection);
    }

    /** The channel is gone: its connection's clean-up. Own event loop, once per connection. */
    <C extends Connection> void closed(Inbound<C> inbound, C connection, String address) {
        addresses.release(address);
        short closedWith = connection.markClosed();
        if (closedWith == 0) {
            inbound.stats.clientClosed();
        } else {
            inbound.stats.serverClosed(closedWith);
        }
        inbound.stats.open.decrementAndGet();
        connections.remove(connection);
        inbound.endpoint.closed(connection);
    }

    /** 16 random bytes, base64url: a connection's id, unguessable, never derived from anything the client sent. */
    private String newId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** Frames in, whole messages out to one endpoint. */
    final class Inbound<C extends Connection> {

        private final WebSocketEndpoint<C> endpoint;
        final EndpointStats stats;

        private Inbound(WebSocketEndpoint<C> endpoint, EndpointStats stats) {
            this.endpoint = endpoint;
            this.stats = stats;
        }

        /**
         * A data frame (text, binary or continuation; the decoder refuses them out of order) and its payload, which is
         * valid during this call only (see {@link WebSocketEndpoint#onText}).
         */
        void onData(C connection, WebSocketFrame frame, Buffer data) {
            if (frame instanceof ContinuationWebSocketFrame) {
                if (connection.fragments != null) {
                    connection.fragments = sized(connection, connection.fragments.appendBuffer(data));
                    if (frame.isFinalFragment() && connection.fragments != null) {
                        Buffer message = connection.fragments;
                        connection.fragments = null;
                        arrived(connection, new Message(message, connection.fragmentsBinary));
                    }
                }
                return;
            }
            boolean binary = frame instanceof BinaryWebSocketFrame;
            if (frame.isFinalFragment()) {
                connection.fragments = null;
                arrived(connection, new Message(data, binary));
            } else {
                connection.fragmentsBinary = binary;
                connection.fragments = sized(connection, Buffer.buffer().appendBuffer(data));
            }
        }

        private Buffer sized(C connection, Buffer soFar) {
            if (soFar.length() > config.maxMessageBytes()) {
                connection.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
                return null;
            }
            return soFar;
        }

        private void arrived(C connection, Message message) {
            stats.messagesReceived.increment();
            stats.bytesReceived.add(message.bytes().length());
            if (message.bytes().length() > config.maxMessageBytes()) {
                connection.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
                return;
            }
            // The frame's arrival time, taken once by onFrame, serves the rate check too.
            if (!connection.bucket.tryTake(connection.lastHeardNanos)) {
                if (++connection.rateStrikes == 1) {
                    endpoint.onRateLimited(connection);
                } else if (connection.rateStrikes > config.rateStrikes()) {
                    connection.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
                }
                return;
            }
            connection.rateStrikes = 0;
            if (connection.suspended()) {
                // The cap on held bytes is what one burst of maximum-size messages could be; past it the client
                // is not waiting for the answer it asked for, it is flooding.
                if (!connection.hold(message, config.maxMessageBytes() * 4)) {
                    connection.close(CloseCodes.POLICY_VIOLATION, "too many messages while an earlier one is served");
                }
                return;
            }
            serve(connection, message);
        }

        private void serve(C connection, Message message) {
            if (message.binary()) {
                endpoint.onBinary(connection, message.bytes());
            } else {
                endpoint.onText(connection, message.bytes());
            }
        }

        /** Serves held messages in order until one suspends the connection again. Own event loop. */
        @SuppressWarnings("unchecked")
        void drainHeld(Connection connection) {
            Message next;
            while (!connection.suspended() && !connection.isClosing() && (next = connection.pollHeld()) != null) {
                serve((C) connection, next);
            }
        }
    }
}

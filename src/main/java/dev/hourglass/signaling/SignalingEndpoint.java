package dev.hourglass.signaling;

import dev.hourglass.net.ClientAddress;
import dev.hourglass.problem.Problem;
import io.quarkus.runtime.ShutdownEvent;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.Json;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The /ws endpoint: upgrades connections, assembles their messages from frames (bounded), and cleans up
 * after them. It runs on Vert.x directly rather than through an annotation layer, so that every write can
 * check its connection's queue and every frame is seen before any allocation for its message.
 */
@Singleton
class SignalingEndpoint {

    static final String PATH = "/ws";
    /** The name Vert.x gives the IdleStateHandler it adds for quarkus.http.idle-timeout. */
    private static final String HTTP_IDLE_HANDLER = "idle";

    private final Sessions sessions;
    private final SignalingProtocol protocol;
    private final RoomRelay rooms;
    private final ContactRouting contacts;
    private final SignalingConfig config;
    private final AddressLimiter addresses;
    private final SecureRandom random = new SecureRandom();

    SignalingEndpoint(Sessions sessions, SignalingProtocol protocol, RoomRelay rooms, ContactRouting contacts, SignalingConfig config,
            AddressLimiter addresses) {
        this.sessions = sessions;
        this.addresses = addresses;
        this.protocol = protocol;
        this.rooms = rooms;
        this.contacts = contacts;
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route(PATH).order(-50).handler(this::upgrade);
    }

    void shutdown(@Observes ShutdownEvent event) {
        sessions.all().forEach(peer -> peer.close(CloseCodes.GOING_AWAY, "server shutting down"));
    }

    private void upgrade(RoutingContext context) {
        if (context.request().method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"))) {
            context.response().putHeader("Upgrade", "websocket");
            reject(context, Problem.of(426, "upgrade-required", "Upgrade Required", "/ws takes WebSocket connections only"));
            return;
        }
        if (sessions.count() >= config.maxConnections()) {
            context.response().putHeader("Retry-After", "30");
            reject(context, Problem.of(503, "connections-full", "Service Unavailable", "the server holds as many connections as it is configured for"));
            return;
        }
        String address = ClientAddress.of(context.request());
        if (!addresses.tryAcquire(address)) {
            context.response().putHeader("Retry-After", "30");
            reject(context, Problem.of(429, "too-many-connections", "Too Many Requests",
                    "this address has as many open connections as allowed"));
            return;
        }
        // The Netty channel under the connection: the only way to drop a peer whose close handshake cannot finish.
        Channel channel = ((ConnectionBase) context.request().connection()).channel();
        context.request().toWebSocket().onSuccess(socket -> open(socket, channel, address)).onFailure(failure -> {
            addresses.release(address);
            if (!context.response().ended()) {
                reject(context, Problem.of(400, "bad-upgrade", "Bad Request", "the WebSocket handshake is invalid"));
            }
        });
    }

    private static void reject(RoutingContext context, Problem problem) {
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }

    private void open(ServerWebSocket socket, Channel channel, String address) {
        // After the handshake the server needs none of the request's headers: dropping them frees about a kilobyte
        // per connection, and the server no longer holds a client's User-Agent or cookies while it is connected.
        socket.headers().clear();
        // The HTTP idle timeout's handler (and its timer) has no job on a WebSocket: Liveness pings and times out
        // every connection itself, with one timer for all of them.
        if (channel.pipeline().get(HTTP_IDLE_HANDLER) != null) {
            channel.pipeline().remove(HTTP_IDLE_HANDLER);
        }
        long now = System.nanoTime();
        Context context = Vertx.currentContext();
        socket.setWriteQueueMaxSize(config.writeQueueMaxBytes());
        Peer peer = new Peer(newPeerId(), socket, channel, context, new TokenBucket(config.rateLimit(), config.rateBurst(), now), now);
        sessions.add(peer);
        socket.frameHandler(frame -> onFrame(peer, frame));
        socket.closeHandler(ignored -> {
            addresses.release(address);
            closed(peer);
        });
        // Failures end in a close; their messages are never logged (they could quote client data).
        socket.exceptionHandler(failure -> peer.close(closeCodeFor(failure), "protocol error"));
        peer.send(Frames.message("welcome", "peerId", peer.id(), "heartbeat", config.heartbeat().toSeconds()));
    }

    /** A frame the decoder refused carries its own code (1009 for a frame over the cap); anything else is 1008. */
    private static short closeCodeFor(Throwable failure) {
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            return (short) corrupted.closeStatus().code();
        }
        return CloseCodes.POLICY_VIOLATION;
    }

    private void onFrame(Peer peer, WebSocketFrame frame) {
        peer.lastHeardNanos = System.nanoTime();
        if (frame.isPing() || frame.isClose() || frame.type() == WebSocketFrameType.PONG) {
            return;
        }
        Buffer data = frame.binaryData();
        if (frame.isBinary()) {
            peer.fragments = null;
            peer.send(Frames.error(ErrorCode.BINARY_NOT_SUPPORTED, "messages on /ws are JSON text"));
            return;
        }
        if (frame.isText()) {
            if (frame.isFinal()) {
                deliver(peer, data);
            } else {
                peer.fragments = sized(peer, Buffer.buffer().appendBuffer(data));
            }
            return;
        }
        if (frame.isContinuation() && peer.fragments != null) {
            peer.fragments = sized(peer, peer.fragments.appendBuffer(data));
            if (frame.isFinal() && peer.fragments != null) {
                Buffer message = peer.fragments;
                peer.fragments = null;
                deliver(peer, message);
            }
        }
    }

    private Buffer sized(Peer peer, Buffer soFar) {
        if (soFar.length() > config.maxMessageBytes()) {
            peer.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
            return null;
        }
        return soFar;
    }

    private void deliver(Peer peer, Buffer message) {
        if (message.length() > config.maxMessageBytes()) {
            peer.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
            return;
        }
        protocol.onMessage(peer, message.getBytes());
    }

    private void closed(Peer peer) {
        peer.markClosed();
        sessions.remove(peer);
        rooms.leaveAll(peer);
        contacts.unbind(peer);
        peer.challenge = null;
        peer.fragments = null;
    }

    private String newPeerId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}

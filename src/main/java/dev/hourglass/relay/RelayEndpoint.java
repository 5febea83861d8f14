package dev.hourglass.relay;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.Channels;
import dev.hourglass.cluster.Group;
import dev.hourglass.cluster.Hub;
import dev.hourglass.cluster.Hubs;
import dev.hourglass.cluster.Publication;
import dev.hourglass.problem.Problem;
import dev.hourglass.transport.CloseCodes;
import dev.hourglass.transport.Upgraded;
import dev.hourglass.transport.WebSocketEndpoint;
import dev.hourglass.transport.WebSocketTransport;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The y-websocket relay: every frame a connection sends, binary or text, goes unchanged to every other connection of
 * its room, here and on the other instances; nothing is stored. The room is the URL's path: {@code /relay/{room}}, and,
 * unless turned off, any other path that is not one of the server's own ({@code wss://host/{room}}, the original
 * design's clients; {@code /} alone is the room {@code default}).
 * <p>
 * Two things a plain relay does not do, both without storing anything: a connection alone in its room gets an empty
 * SyncStep2 for its SyncStep1 and its own awareness back (a y-websocket client is {@code synced} only after a
 * SyncStep2 and reconnects after 30 s without a message); and when a connection closes, its room is told that the
 * awareness clients it announced are gone (no ghost cursors). Only frames that are well-formed y-protocol messages
 * are read: an end-to-end encrypted frame is relayed and never answered.
 */
@Singleton
public class RelayEndpoint implements WebSocketEndpoint<RelayConnection>, Hub.Protocol<RelayConnection> {

    static final String PATH = "/relay";
    static final String DEFAULT_ROOM = "default";
    /** Tags in front of a frame while it crosses the engine, which carries bytes only. */
    private static final byte BINARY = 'b';
    private static final byte TEXT = 't';

    private final WebSocketTransport transport;
    private final Channels channels;
    private final Hub<RelayConnection> rooms;
    private final RelayConfig config;

    RelayEndpoint(WebSocketTransport transport, Channels channels, Hubs hubs, RelayConfig config) {
        this.transport = transport;
        this.channels = channels;
        this.config = config;
        this.rooms = hubs.create(ChannelId.Kind.RELAY_ROOM, config.maxRooms(), config.maxPeersPerRoom(), RelayConnection[]::new, this);
    }

    void install(@Observes Router router) {
        Handler<RoutingContext> relay = transport.serve(PATH, this);
        router.route(PATH).order(-50).handler(relay);
        router.route(PATH + "/*").order(-50).handler(relay);
        if (config.pathRooms()) {
            // After the server's own WebSocket routes; a request that is not an upgrade goes on to the static files.
            router.route().order(-40).handler(context -> {
                String path = context.request().path();
                if (WebSocketTransport.isUpgrade(context.request()) && path != null && !path.equals("/q") && !path.startsWith("/q/")) {
                    relay.handle(context);
                } else {
                    context.next();
                }
            });
        }
    }

    /** Relay rooms with a connection on this instance. */
    public int rooms() {
        return rooms.size();
    }

    /** The room a path stands for: what follows /relay/ or /, as it came; nothing is the room "default". */
    static String roomName(String path) {
        String rest;
        if (path.startsWith(PATH) && (path.length() == PATH.length() || path.charAt(PATH.length()) == '/')) {
            rest = path.length() > PATH.length() ? path.substring(PATH.length() + 1) : "";
        } else {
            rest = path.isEmpty() ? "" : path.substring(1);
        }
        return rest.isEmpty() ? DEFAULT_ROOM : rest;
    }

    @Override
    public Problem refusal(HttpServerRequest request) {
        if (roomName(request.path()).length() > config.maxRoomNameLength()) {
            return Problem.of(400, "bad-room", "Bad Request", "a relay room name is 1 to " + config.maxRoomNameLength() + " characters");
        }
        return null;
    }

    @Override
    public RelayConnection connect(Upgraded upgraded) {
        return new RelayConnection(upgraded, roomName(upgraded.path()));
    }

    @Override
    public void opened(RelayConnection connection) {
        // A relay connection is always in its room: the idle clock never runs, liveness still does.
        connection.setIdle(false, System.nanoTime());
        if (rooms.join(connection, connection.roomName, channels.relayRoom(connection.roomName)) == null) {
            connection.close(CloseCodes.TRY_AGAIN_LATER, "the server holds as many rooms as it is configured for");
        }
    }

    @Override
    public void joining(RelayConnection connection, Group<RelayConnection> room) {
        connection.room = room;
    }

    @Override
    public void entered(RelayConnection connection, Group<RelayConnection> room) {
        connection.member = !connection.isClosing();
    }

    @Override
    public void refused(RelayConnection connection, Group<RelayConnection> room, boolean full) {
        connection.room = null;
        connection.close(CloseCodes.TRY_AGAIN_LATER, full ? "the room is full" : "the cluster could not be reached; try again");
    }

    @Override
    public void onBinary(RelayConnection connection, Buffer frame) {
        relay(connection, frame, true);
    }

    @Override
    public void onText(RelayConnection connection, Buffer frame) {
        relay(connection, frame, false);
    }

    private void relay(RelayConnection from, Buffer frame, boolean binary) {
        Group<RelayConnection> room = from.room;
        if (room == null || !from.member) {
            return;
        }
        boolean awareness = false;
        if (binary && YProtocol.mayBeAwareness(frame)) {
            synchronized (room) {
                awareness = AwarenessClients.of(room).sentBy(from, frame);
            }
        }
        RelayConnection[] members = room.members();
        boolean remote = room.hasRemoteMembers();
        if (members.length == 1 && !remote) {
            if (awareness) {
                from.sendBinary(frame);
            } else if (binary && YProtocol.isSyncStep1(frame)) {
                from.sendBinary(YProtocol.emptySyncStep2());
            }
            return;
        }
        toOthers(room, from, frame, binary);
    }

    private void toOthers(Group<RelayConnection> room, RelayConnection from, Buffer frame, boolean binary) {
        for (RelayConnection member : room.members()) {
            if (member != from) {
                deliver(member, frame, binary);
            }
        }
        if (room.hasRemoteMembers()) {
            rooms.publish(room, List.of(), Buffer.buffer(frame.length() + 1).appendByte(binary ? BINARY : TEXT).appendBuffer(frame));
        }
    }

    private static void deliver(RelayConnection member, Buffer frame, boolean binary) {
        if (binary) {
            member.sendBinary(frame);
        } else {
            member.send(frame);
        }
    }

    @Override
    public void published(Group<RelayConnection> room, Publication publication) {
        Buffer tagged = publication.payload();
        if (tagged.length() == 0) {
            return;
        }
        boolean binary = tagged.getByte(0) == BINARY;
        Buffer frame = tagged.slice(1, tagged.length());
        if (binary && YProtocol.mayBeAwareness(frame)) {
            synchronized (room) {
                AwarenessClients.of(room).relayed(frame);
            }
        }
        for (RelayConnection member : room.members()) {
            deliver(member, frame, binary);
        }
    }

    /**
     * A relay cannot tell a client that one of its messages was dropped, and a dropped update would leave its peers
     * out of step: past the rate the connection is closed instead, and the client's reconnection syncs again.
     */
    @Override
    public void onRateLimited(RelayConnection connection) {
        connection.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
    }

    @Override
    public void closed(RelayConnection connection) {
        Group<RelayConnection> room = connection.room;
        if (room == null) {
            return;
        }
        if (connection.member) {
            Buffer removal;
            synchronized (room) {
                removal = AwarenessClients.of(room).closed(connection);
            }
            if (removal != null) {
                toOthers(room, connection, removal, true);
            }
        }
        rooms.leave(connection, room);
    }
}

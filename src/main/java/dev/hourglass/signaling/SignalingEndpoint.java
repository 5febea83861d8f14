package dev.hourglass.signaling;

import dev.hourglass.contacts.ContactRouting;
import dev.hourglass.realms.RealmRouting;
import dev.hourglass.rooms.RoomRelay;
import dev.hourglass.transport.TransportConfig;
import dev.hourglass.transport.Upgraded;
import dev.hourglass.transport.WebSocketEndpoint;
import dev.hourglass.transport.WebSocketTransport;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** /ws: the signaling protocol (rooms, contacts, realms) over the shared WebSocket transport. */
@Singleton
class SignalingEndpoint implements WebSocketEndpoint<Peer> {

    static final String PATH = "/ws";

    private final WebSocketTransport transport;
    private final SignalingProtocol protocol;
    private final RoomRelay rooms;
    private final ContactRouting contacts;
    private final RealmRouting realms;
    private final long heartbeatSeconds;

    SignalingEndpoint(WebSocketTransport transport, SignalingProtocol protocol, RoomRelay rooms, ContactRouting contacts,
            RealmRouting realms, TransportConfig config) {
        this.transport = transport;
        this.protocol = protocol;
        this.rooms = rooms;
        this.contacts = contacts;
        this.realms = realms;
        this.heartbeatSeconds = config.heartbeat().toSeconds();
    }

    void install(@Observes Router router) {
        router.route(PATH).order(-50).handler(transport.serve(PATH, this));
    }

    @Override
    public Peer connect(Upgraded upgraded) {
        return new Peer(upgraded);
    }

    @Override
    public void opened(Peer peer) {
        peer.send(Messages.message("welcome", "peerId", peer.id(), "heartbeat", heartbeatSeconds));
    }

    @Override
    public void onText(Peer peer, Buffer message) {
        protocol.onMessage(peer, message);
    }

    @Override
    public void onBinary(Peer peer, Buffer message) {
        peer.send(Messages.error(ErrorCode.BINARY_NOT_SUPPORTED, "messages on /ws are JSON text"));
    }

    @Override
    public void onRateLimited(Peer peer) {
        peer.send(Messages.error(ErrorCode.RATE_LIMITED, "too many messages; this one was dropped"));
    }

    @Override
    public void closed(Peer peer) {
        rooms.leaveAll(peer);
        contacts.unbind(peer);
        realms.leaveAll(peer);
        peer.challenge(null);
    }
}

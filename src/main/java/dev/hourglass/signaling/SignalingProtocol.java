package dev.hourglass.signaling;

import dev.hourglass.contacts.ContactRouting;
import dev.hourglass.json.JsonLimits;
import dev.hourglass.crypto.Hex;
import dev.hourglass.realms.RealmRouting;
import dev.hourglass.registration.RegistrationConfig;
import dev.hourglass.rooms.RoomRelay;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Takes each whole text message of a connection (within the transport's caps and rate): envelope, dispatch by type. */
@Singleton
class SignalingProtocol {

    private static final Logger LOG = Logger.getLogger(SignalingProtocol.class);

    private final EnvelopeReader reader;
    private final RoomRelay rooms;
    private final ContactRouting contacts;
    private final RealmRouting realms;

    SignalingProtocol(RoomRelay rooms, ContactRouting contacts, RealmRouting realms, RegistrationConfig registration, JsonLimits json) {
        this.reader = new EnvelopeReader(json, registration.maxContactKeys());
        this.rooms = rooms;
        this.contacts = contacts;
        this.realms = realms;
    }

    void onMessage(Peer peer, Buffer message) {
        try {
            dispatch(peer, reader.read(message), message);
        } catch (SignalingException e) {
            peer.send(Messages.error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            // A bug, not the client's fault. Its type only: a message could quote what the client sent.
            LOG.errorf("unexpected %s in the signaling handler", e.getClass().getName());
            peer.send(Messages.error(ErrorCode.INTERNAL, "the server failed to handle this message"));
        }
        peer.updateIdle(System.nanoTime());
    }

    private void dispatch(Peer peer, Envelope message, Buffer original) {
        switch (message.type()) {
            case "ping" -> peer.send(Messages.pong());
            case "join" -> rooms.join(peer, message);
            case "leave" -> rooms.leave(peer, message);
            case "hello" -> contacts.hello(peer, message);
            case "realm-signal" -> realms.signal(peer, message, original);
            case "server-proof" -> realms.control(peer, message, original);
            default -> {
                if (message.type().startsWith("realm-")) {
                    realms.control(peer, message, original);
                } else if (isContactSignal(message)) {
                    contacts.signal(peer, message, original);
                } else if (peer.rooms().isEmpty()) {
                    throw new SignalingException(ErrorCode.UNKNOWN_TYPE,
                            "outside a room only ping, join, leave, hello, signal to a contact key, server-proof and realm-* are understood");
                } else {
                    rooms.relay(peer, message, original);
                }
            }
        }
    }

    /** A signal outside rooms, addressed to one contact key (64 hex); peer ids never look like that. */
    private static boolean isContactSignal(Envelope message) {
        return message.type().equals("signal") && message.room() == null && Hex.isId(message.singleTo());
    }
}

package dev.hourglass.signaling;

import dev.hourglass.crypto.Hex;
import dev.hourglass.registration.RegistrationConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Takes each complete text message of a connection: rate limit, envelope, dispatch by type. */
@Singleton
class SignalingProtocol {

    private static final Logger LOG = Logger.getLogger(SignalingProtocol.class);

    private final EnvelopeReader reader;
    private final RoomRelay rooms;
    private final ContactRouting contacts;
    private final int rateStrikes;

    SignalingProtocol(RoomRelay rooms, ContactRouting contacts, SignalingConfig config, RegistrationConfig registration) {
        this.reader = new EnvelopeReader(registration.maxContactKeys());
        this.rooms = rooms;
        this.contacts = contacts;
        this.rateStrikes = config.rateStrikes();
    }

    void onMessage(Peer peer, byte[] message) {
        long now = System.nanoTime();
        if (!peer.bucket.tryTake(now)) {
            if (++peer.rateStrikes == 1) {
                peer.send(Frames.error(ErrorCode.RATE_LIMITED, "too many messages; this one was dropped"));
            } else if (peer.rateStrikes > rateStrikes) {
                peer.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
            }
            return;
        }
        peer.rateStrikes = 0;
        try {
            dispatch(peer, reader.read(message), message);
        } catch (SignalingException e) {
            peer.send(Frames.error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            // A bug, not the client's fault. Its type only: a message could quote what the client sent.
            LOG.errorf("unexpected %s in the signaling handler", e.getClass().getName());
            peer.send(Frames.error(ErrorCode.INTERNAL, "the server failed to handle this message"));
        }
        peer.updateIdle(now);
    }

    private void dispatch(Peer peer, Envelope message, byte[] original) {
        switch (message.type()) {
            case "ping" -> peer.send(Frames.pong());
            case "join" -> rooms.join(peer, message);
            case "leave" -> rooms.leave(peer, message);
            case "hello" -> contacts.hello(peer, message);
            default -> {
                if (isContactSignal(message)) {
                    contacts.signal(peer, message, original);
                } else if (peer.rooms.isEmpty()) {
                    throw new SignalingException(ErrorCode.UNKNOWN_TYPE,
                            "outside a room only ping, join, leave, hello and signal to a contact key are understood");
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

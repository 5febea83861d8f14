package dev.hourglass.signaling;

import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Ed25519Keys;
import dev.hourglass.crypto.Hex;
import dev.hourglass.registration.Registration;
import dev.hourglass.registration.RegistrationService;
import dev.hourglass.time.TimeUnits;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routing by ephemeral contact keys: hello binds a connection to a registered user id (with an Ed25519
 * challenge when the registration carries a public key), signal delivers to the other online holders of a
 * contact key, and presence tells holders when their contacts come and go. Runs on the peer's event loop.
 */
@Singleton
class ContactRouting {

    private static final int NONCE_BYTES = 32;

    private final RegistrationService registrations;
    private final ContactDirectory directory;
    private final TimeUnits units;
    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();

    ContactRouting(RegistrationService registrations, ContactDirectory directory, TimeUnits units, Vertx vertx) {
        this.registrations = registrations;
        this.directory = directory;
        this.units = units;
        this.vertx = vertx;
    }

    void hello(Peer peer, Envelope message) {
        String userId = message.userId();
        if (userId == null || !Hex.isId(userId)) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "userId must be 64 lowercase hex characters");
        }
        if (message.hourId() == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "hourId is required");
        }
        long unit = units.accept(message.hourId()).orElseThrow(() -> new SignalingException(ErrorCode.NOT_REGISTERED,
                "hourId is not the current or the previous unit (current: " + units.current() + ")"));
        List<String> contactKeys = message.contactKeys() == null ? List.of() : message.contactKeys();
        for (String key : contactKeys) {
            if (!Hex.isId(key)) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE, "contactKeys must hold 64 lowercase hex characters each");
            }
        }
        Registration registration = registrations.find(unit, Hex.decodeId(userId)).orElseThrow(
                () -> new SignalingException(ErrorCode.NOT_REGISTERED, "no registration for this userId in this unit"));
        Map<String, BlindedId> keys = new LinkedHashMap<>();
        for (String key : contactKeys) {
            BlindedId blinded = registrations.blindContactKey(unit, Hex.decodeId(key));
            if (!registration.contactKeys().contains(blinded)) {
                throw new SignalingException(ErrorCode.UNKNOWN_CONTACT_KEY, "contactKeys holds a key this user did not register");
            }
            keys.put(key, blinded);
        }

        if (registration.hasPublicKey()) {
            Challenge pending = peer.challenge;
            if (message.signature() == null) {
                // A repeated hello for the same id gets the same nonce, so a signature already on its way stays good.
                if (pending == null || !pending.isFor(userId, unit)) {
                    byte[] nonce = new byte[NONCE_BYTES];
                    random.nextBytes(nonce);
                    pending = new Challenge(userId, unit, nonce);
                    peer.challenge = pending;
                }
                peer.send(Frames.message("challenge", "nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(pending.nonce())));
                return;
            }
            peer.challenge = null;
            if (pending == null || !pending.isFor(userId, unit)
                    || !Ed25519Keys.verify(registration.publicKey(), pending.nonce(), message.signature())) {
                throw new SignalingException(ErrorCode.BAD_SIGNATURE,
                        "the signature does not verify over the last challenge for this userId; send hello without a signature for a new one");
            }
        }
        bind(peer, registration, keys);
    }

    private void bind(Peer peer, Registration registration, Map<String, BlindedId> keys) {
        unbind(peer);
        Map<String, BlindedId> listening = new LinkedHashMap<>();
        for (Map.Entry<String, BlindedId> key : keys.entrySet()) {
            if (!directory.add(key.getValue(), peer)) {
                listening.forEach((clear, blinded) -> directory.remove(blinded, peer));
                throw new SignalingException(ErrorCode.CONTACT_KEY_BUSY, "a contact key has as many listeners as allowed");
            }
            listening.put(key.getKey(), key.getValue());
        }
        long delayMs = Math.max(1, units.nanosUntil(registration.expiresAt()) / 1_000_000);
        long timer = vertx.setTimer(delayMs, id -> expire(peer));
        peer.binding = new ContactBinding(registration.user(), registration.unit(), registration.expiresAt(), listening, timer);

        List<Map<String, String>> online = new ArrayList<>();
        listening.forEach((clear, blinded) -> {
            Buffer presence = Frames.message("contact-online", "contactKey", clear, "peerId", peer.id());
            for (Peer other : directory.others(blinded, peer)) {
                online.add(Map.of("contactKey", clear, "peerId", other.id()));
                other.send(presence);
            }
        });
        peer.send(Frames.message("bound", "hourId", registration.unit(), "expiresAt", registration.expiresAt().toString(),
                "online", online));
    }

    /** The registration behind the binding is over: the client must register the new unit's ids and hello again. */
    private void expire(Peer peer) {
        ContactBinding binding = peer.binding;
        if (binding == null || peer.isClosing()) {
            return;
        }
        unbind(peer);
        peer.send(Frames.message("rebind", "reason", "expired", "hourId", units.current()));
        peer.updateIdle(System.nanoTime());
    }

    /** Ends the binding, telling the other holders of its keys. Safe to call when unbound. */
    void unbind(Peer peer) {
        ContactBinding binding = peer.binding;
        if (binding == null) {
            return;
        }
        peer.binding = null;
        vertx.cancelTimer(binding.expiryTimer());
        binding.contactKeys().forEach((clear, blinded) -> {
            directory.remove(blinded, peer);
            Buffer presence = Frames.message("contact-offline", "contactKey", clear, "peerId", peer.id());
            directory.others(blinded, peer).forEach(other -> other.send(presence));
        });
    }

    void signal(Peer peer, Envelope message, byte[] original) {
        ContactBinding binding = peer.binding;
        if (binding == null) {
            throw new SignalingException(ErrorCode.NOT_BOUND, "send hello before signalling a contact");
        }
        String contactKey = message.singleTo();
        if (contactKey == null || !Hex.isId(contactKey)) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "to must be one contact key (64 lowercase hex characters)");
        }
        BlindedId key = binding.contactKeys().get(contactKey);
        if (key == null) {
            throw new SignalingException(ErrorCode.UNKNOWN_CONTACT_KEY, "to is not one of the contact keys this connection is bound with");
        }
        Optional<Registration> registration = registrations.find(binding.unit(), binding.user());
        if (registration.isEmpty()) {
            expire(peer);
            throw new SignalingException(ErrorCode.NOT_BOUND, "the registration behind this binding has expired");
        }
        if (!registration.get().contactKeys().contains(key)) {
            throw new SignalingException(ErrorCode.UNKNOWN_CONTACT_KEY, "this contact key is no longer registered for this user");
        }
        List<Peer> targets = directory.others(key, peer);
        if (targets.isEmpty()) {
            throw new SignalingException(ErrorCode.UNREACHABLE, "no holder of this contact key is online");
        }
        Buffer out = Frames.stamped(original, message.offset(), peer.id(), "\"contactKey\":\"" + contactKey + "\",");
        targets.forEach(target -> target.send(out));
    }
}

package dev.hourglass.contacts;

import dev.hourglass.cluster.Broker;
import dev.hourglass.cluster.ChannelHandler;
import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.Channels;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Member;
import dev.hourglass.cluster.Presence;
import dev.hourglass.cluster.Publication;
import dev.hourglass.cluster.RemoteView;
import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Ed25519Keys;
import dev.hourglass.crypto.Hex;
import dev.hourglass.registration.Registration;
import dev.hourglass.registration.RegistrationService;
import dev.hourglass.signaling.Envelope;
import dev.hourglass.signaling.ErrorCode;
import dev.hourglass.signaling.Messages;
import dev.hourglass.signaling.Peer;
import dev.hourglass.signaling.SignalingException;
import dev.hourglass.transport.Outgoing;
import dev.hourglass.time.TimeUnits;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routing by ephemeral contact keys: hello binds a connection to a registered user id (with an Ed25519 challenge when
 * the registration carries a public key), signal delivers to the other online holders of a contact key on any
 * instance, and presence tells holders when their contacts come and go.
 * <p>
 * A binding is admitted by {@link Presence} for all its keys at once and completes with the last of their join
 * events, which come together: {@code bound} goes out before any presence notice that follows it. Client messages run
 * on the connection's event loop; engine events on the engine's.
 */
@Singleton
public class ContactRouting implements ChannelHandler {

    private static final Logger LOG = Logger.getLogger(ContactRouting.class);
    private static final int NONCE_BYTES = 32;

    private final RegistrationService registrations;
    private final ContactDirectory directory;
    private final Channels channels;
    private final Broker broker;
    private final Presence presence;
    private final ClusterNode node;
    private final TimeUnits units;
    private final Vertx vertx;
    private final int maxPeersPerKey;
    private final SecureRandom random = new SecureRandom();

    ContactRouting(RegistrationService registrations, ContactDirectory directory, Channels channels, Broker broker, Presence presence,
            ClusterNode node, TimeUnits units, Vertx vertx, ContactsConfig config) {
        this.registrations = registrations;
        this.directory = directory;
        this.channels = channels;
        this.broker = broker;
        this.presence = presence;
        this.node = node;
        this.units = units;
        this.vertx = vertx;
        this.maxPeersPerKey = config.maxPeersPerContactKey();
    }

    void start(@Observes StartupEvent event) {
        node.handle(ChannelId.Kind.CONTACT_KEY, this);
    }

    /** Contact keys with a listener (or a binding under way) on this instance. */
    public int listenedKeys() {
        return directory.size();
    }

    public void hello(Peer peer, Envelope message) {
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
        peer.suspend();
        registrations.find(unit, Hex.decodeId(userId)).onComplete(found -> peer.onOwnLoop(() -> {
            try {
                if (!peer.isClosing()) {
                    helloFound(peer, message, unit, contactKeys, found);
                }
            } catch (SignalingException e) {
                peer.send(Messages.error(e.code, e.getMessage()));
            } finally {
                peer.resume();
                peer.updateIdle(System.nanoTime());
            }
        }));
    }

    private void helloFound(Peer peer, Envelope message, long unit, List<String> contactKeys, AsyncResult<Optional<Registration>> found) {
        if (found.failed()) {
            throw new SignalingException(ErrorCode.UNAVAILABLE, "the registrations could not be reached; try again");
        }
        Registration registration = found.result().orElseThrow(
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
            String userId = message.userId();
            Challenge pending = peer.challenge();
            if (message.signature() == null) {
                // A repeated hello for the same id gets the same nonce, so a signature already on its way stays good.
                if (pending == null || !pending.isFor(userId, unit)) {
                    byte[] nonce = new byte[NONCE_BYTES];
                    random.nextBytes(nonce);
                    pending = new Challenge(userId, unit, nonce);
                    peer.challenge(pending);
                }
                peer.send(Messages.message("challenge", "nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(pending.nonce())));
                return;
            }
            peer.challenge(null);
            if (pending == null || !pending.isFor(userId, unit)
                    || !Ed25519Keys.verify(registration.publicKey(), pending.nonce(), message.signature())) {
                throw new SignalingException(ErrorCode.BAD_SIGNATURE,
                        "the signature does not verify over the last challenge for this userId; send hello without a signature for a new one");
            }
        }
        bind(peer, registration, keys);
    }

    /** Own event loop. The binding completes when the join event of its last key comes (see {@link #onJoin}). */
    private void bind(Peer peer, Registration registration, Map<String, BlindedId> keys) {
        unbind(peer);
        Map<String, Listeners> listening = new LinkedHashMap<>();
        keys.forEach((clear, blinded) -> listening.put(clear, directory.acquire(clear, channels.contactKey(blinded))));
        PendingBinding pending = new PendingBinding(peer, registration, listening);
        List<Future<Void>> subscribed = new ArrayList<>(listening.size());
        for (Listeners listeners : listening.values()) {
            synchronized (listeners) {
                listeners.binding.put(peer.id(), pending);
            }
            subscribed.add(broker.subscribe(listeners.channel));
        }
        peer.pendingBinding(pending);
        if (listening.isEmpty()) {
            complete(peer, pending);
            return;
        }
        peer.suspend();
        List<ChannelId> list = listening.values().stream().map(listeners -> listeners.channel).toList();
        // Subscribed first, so that this instance hears the join events the admission publishes.
        Future.all(subscribed).compose(all -> presence.join(list, peer.id(), maxPeersPerKey)).onComplete(result -> peer.onOwnLoop(() -> {
            if (result.succeeded() && result.result() instanceof Presence.Admitted) {
                return; // the join events complete it
            }
            boolean busy = result.succeeded() && result.result() instanceof Presence.Full;
            if (cancel(peer, pending, !busy)) {
                peer.send(busy ? Messages.error(ErrorCode.CONTACT_KEY_BUSY, "a contact key has as many listeners as allowed")
                        : Messages.error(ErrorCode.UNAVAILABLE, "the cluster could not be reached to bind; try again"));
                peer.resume();
                peer.updateIdle(System.nanoTime());
            }
        }));
    }

    /**
     * The binding is complete: bound goes out, then the binding is live (presence notices skip connections that are
     * not bound yet, so none comes before it). Engine thread, or the connection's loop for a binding without keys.
     */
    private void complete(Peer peer, PendingBinding pending) {
        if (!pending.end(PendingBinding.State.DONE)) {
            return;
        }
        Registration registration = pending.registration;
        peer.send(Messages.message("bound", "hourId", registration.unit(), "expiresAt", registration.expiresAt().toString(),
                "online", pending.online));
        long delayMs = Math.max(1, units.nanosUntil(registration.expiresAt()) / 1_000_000);
        long timer = vertx.setTimer(delayMs, id -> peer.onOwnLoop(() -> expire(peer)));
        peer.binding(new ContactBinding(registration.user(), registration.unit(), registration.expiresAt(), pending.keys, timer));
        peer.onOwnLoop(() -> {
            if (peer.pendingBinding() == pending) {
                peer.pendingBinding(null);
            }
            if (!pending.keys.isEmpty()) {
                peer.resume();
            }
            peer.updateIdle(System.nanoTime());
        });
    }

    /** Ends a binding under way, once; true if this call ended it. Own event loop. */
    private boolean cancel(Peer peer, PendingBinding pending, boolean mayBePresent) {
        if (!pending.end(PendingBinding.State.CANCELLED)) {
            return false;
        }
        if (peer.pendingBinding() == pending) {
            peer.pendingBinding(null);
        }
        for (Listeners listeners : pending.keys.values()) {
            synchronized (listeners) {
                listeners.binding.remove(peer.id());
                Peer[] rest = without(listeners.local, peer);
                if (rest.length != listeners.local.length) {
                    // Its join event had come for this key: the others heard contact-online.
                    listeners.local = rest;
                    tell(listeners, "contact-offline", peer.id());
                }
            }
        }
        release(peer, pending.keys.values(), mayBePresent);
        return true;
    }

    private void release(Peer peer, Iterable<Listeners> keys, boolean inPresence) {
        List<ChannelId> list = new ArrayList<>();
        keys.forEach(listeners -> list.add(listeners.channel));
        if (inPresence) {
            presence.leave(list, peer.id());
        }
        for (Listeners listeners : keys) {
            broker.unsubscribe(listeners.channel);
            directory.release(listeners);
        }
    }

    /** The registration behind the binding is over: the client must register the new unit's ids and hello again. */
    private void expire(Peer peer) {
        if (peer.binding() == null || peer.isClosing()) {
            return;
        }
        unbind(peer);
        peer.send(Messages.message("rebind", "reason", "expired", "hourId", units.current()));
        peer.updateIdle(System.nanoTime());
    }

    /** Ends the binding (or the one under way), telling the other holders of its keys. Safe when unbound. Own loop. */
    public void unbind(Peer peer) {
        PendingBinding pending = peer.pendingBinding();
        if (pending != null) {
            cancel(peer, pending, true);
        }
        ContactBinding binding = peer.binding();
        if (binding == null) {
            return;
        }
        peer.binding(null);
        vertx.cancelTimer(binding.expiryTimer());
        binding.keys().forEach((clear, listeners) -> {
            synchronized (listeners) {
                listeners.local = without(listeners.local, peer);
                tell(listeners, "contact-offline", peer.id());
            }
        });
        release(peer, binding.keys().values(), true);
    }

    public void signal(Peer peer, Envelope message, Buffer original) {
        ContactBinding binding = peer.binding();
        if (binding == null) {
            throw new SignalingException(ErrorCode.NOT_BOUND, "send hello before signalling a contact");
        }
        String contactKey = message.singleTo();
        if (contactKey == null || !Hex.isId(contactKey)) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "to must be one contact key (64 lowercase hex characters)");
        }
        Listeners listeners = binding.keys().get(contactKey);
        if (listeners == null) {
            throw new SignalingException(ErrorCode.UNKNOWN_CONTACT_KEY, "to is not one of the contact keys this connection is bound with");
        }
        Peer[] local = listeners.local;
        boolean remote = !listeners.remote.isEmpty();
        if (!remote && (local.length == 0 || local.length == 1 && local[0] == peer)) {
            throw new SignalingException(ErrorCode.UNREACHABLE, "no holder of this contact key is online");
        }
        try (Outgoing out = Messages.stamped(peer, original, message.offset(), peer.id(), "\"contactKey\":\"" + contactKey + "\",")) {
            for (Peer other : local) {
                if (other != peer) {
                    other.send(out);
                }
            }
            if (remote) {
                broker.publish(listeners.channel, List.of(), out.payload());
            }
        }
    }

    private static Peer[] without(Peer[] peers, Peer peer) {
        return Arrays.stream(peers).filter(p -> p != peer).toArray(Peer[]::new);
    }

    /** A presence notice to this instance's bound listeners of the key. Under the listeners' monitor. */
    private static void tell(Listeners listeners, String type, String peerId) {
        Buffer notice = Messages.message(type, "contactKey", listeners.clearKey, "peerId", peerId);
        for (Peer listener : listeners.local) {
            if (listener.binding() != null && !listener.id().equals(peerId)) {
                listener.send(notice);
            }
        }
    }

    // Engine events. Each is for one contact key, in the key's order.

    @Override
    public void onPublication(ChannelId channel, Publication publication) {
        Listeners listeners = directory.get(channel);
        if (listeners == null) {
            return;
        }
        for (Peer listener : listeners.local) {
            if (listener.binding() != null) {
                listener.send(publication.payload());
            }
        }
    }

    @Override
    public void onJoin(ChannelId channel, Member joined, List<Member> members) {
        Listeners listeners = directory.get(channel);
        if (listeners == null) {
            return;
        }
        PendingBinding pending;
        synchronized (listeners) {
            pending = joined.node().equals(node.id()) ? listeners.binding.remove(joined.id()) : null;
            if (pending != null) {
                listeners.local = append(listeners.local, pending.peer);
                tell(listeners, "contact-online", pending.peer.id());
            }
            listeners.remote.add(members, node.id()).forEach(member -> tell(listeners, "contact-online", member.id()));
        }
        if (pending == null) {
            return; // another instance's, or a binding cancelled meanwhile
        }
        Peer binder = pending.peer;
        boolean last;
        synchronized (pending) {
            for (Member member : members) {
                if (!member.id().equals(binder.id())) {
                    pending.online.add(Map.of("contactKey", listeners.clearKey, "peerId", member.id()));
                }
            }
            last = --pending.remaining == 0;
        }
        if (last) {
            complete(binder, pending);
        }
    }

    @Override
    public void onLeave(ChannelId channel, Member left) {
        Listeners listeners = directory.get(channel);
        if (listeners == null) {
            return;
        }
        synchronized (listeners) {
            if (listeners.remote.remove(left.id()) != null) {
                tell(listeners, "contact-offline", left.id());
            }
        }
    }

    @Override
    public void onSync(ChannelId channel, String from, List<Member> members) {
        Listeners listeners = directory.get(channel);
        if (listeners != null) {
            synchronized (listeners) {
                RemoteView.Changes changes = listeners.remote.sync(from, members, node.id());
                changes.left().forEach(member -> tell(listeners, "contact-offline", member.id()));
                changes.joined().forEach(member -> tell(listeners, "contact-online", member.id()));
            }
        }
    }

    @Override
    public void onSettle() {
        directory.all().forEach(listeners -> presence.settle(listeners.channel));
    }

    /**
     * The engine is back: this instance's listeners are restored, and every binding whose registration the engine
     * no longer has (a Redis restarted empty) ends as an expired one does, with rebind.
     */
    @Override
    public void onRestored() {
        Set<Peer> bound = new HashSet<>();
        for (Listeners listeners : directory.all()) {
            List<String> local;
            synchronized (listeners) {
                local = Arrays.stream(listeners.local).map(Peer::id).toList();
                bound.addAll(Arrays.asList(listeners.local));
            }
            presence.restore(listeners.channel, local);
        }
        for (Peer peer : bound) {
            ContactBinding binding = peer.binding();
            if (binding != null) {
                registrations.find(binding.unit(), binding.user()).onComplete(found -> {
                    if (found.succeeded() && found.result().isEmpty()) {
                        peer.onOwnLoop(() -> {
                            if (peer.binding() == binding) {
                                expire(peer);
                            }
                        });
                    } else if (found.failed()) {
                        LOG.debugf("a binding could not be checked after the engine came back: %s", found.cause().getClass().getName());
                    }
                });
            }
        }
    }

    private static Peer[] append(Peer[] peers, Peer peer) {
        Peer[] next = Arrays.copyOf(peers, peers.length + 1);
        next[peers.length] = peer;
        return next;
    }
}

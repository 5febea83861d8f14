package dev.hourglass.realms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.Channels;
import dev.hourglass.cluster.Group;
import dev.hourglass.cluster.Hub;
import dev.hourglass.cluster.Hubs;
import dev.hourglass.cluster.Publication;
import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Blinder;
import dev.hourglass.crypto.Ed25519Keys;
import dev.hourglass.crypto.ServerIdentity;
import dev.hourglass.json.JsonLimits;
import dev.hourglass.signaling.Envelope;
import dev.hourglass.signaling.ErrorCode;
import dev.hourglass.signaling.Messages;
import dev.hourglass.signaling.Peer;
import dev.hourglass.signaling.SignalingException;
import dev.hourglass.transport.CloseCodes;
import dev.hourglass.transport.Outgoing;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Realms on /ws: invite-only groups of Ed25519 identities, with nothing stored that membership depends on.
 * <p>
 * A connection asks for a challenge (a nonce of its own; from then on it has {@code auth-deadline} to get into a
 * realm), then proves a member key by signing the nonce for the realm: as its founder ({@code realm-create}, the realm
 * id being a hash of the founder's key and a salt), as a member with its chain of admissions ({@code realm-auth}), or
 * with an invitation ({@code realm-accept}). Every failure of a proof, a chain, a charter or an invitation gets the
 * same answer, so a stranger learns nothing, not even whether the realm exists. Members signal one identity, several,
 * or all ({@code realm-signal} with {@code to} a string, a list or absent), stamped with the sender's identity id.
 * <p>
 * Joins and leaves go through the realms' {@link Hub} (so {@code realm-joined} comes before any later notice, on every
 * instance); identities of members on other instances are learnt from their instance's introduction, a publication
 * on the realm's channel.
 */
@Singleton
public class RealmRouting implements Hub.Protocol<Peer> {

    private static final int NONCE_BYTES = 32;
    private static final int MIN_INVITATION = 16;
    private static final int MAX_INVITATION = 64;
    private static final String REFUSED = "not admitted to this realm";
    /** Introductions start with a zero byte, which no relayed message (JSON text) does. */
    private static final byte INTRO = 0;
    /** Stands for "admitted by an invitation nobody signed yet": the member has no chain to invite with until endorsed. */
    private static final List<Admission> NO_CHAIN = Collections.unmodifiableList(new ArrayList<>(0));

    private final Hub<Peer> realms;
    private final RealmStore store;
    private final Channels channels;
    private final Blinder blinder;
    private final Vertx vertx;
    private final Clock clock;
    private final JsonLimits limits;
    private final ObjectMapper json;
    private final RealmsConfig config;
    private final ServerIdentity identity;
    private final SecureRandom random = new SecureRandom();

    RealmRouting(Hubs hubs, RealmStore store, Channels channels, Blinder blinder, Vertx vertx, Clock clock, JsonLimits limits,
            RealmsConfig config, ServerIdentity identity) {
        this.store = store;
        this.identity = identity;
        this.channels = channels;
        this.blinder = blinder;
        this.vertx = vertx;
        this.clock = clock;
        this.limits = limits;
        this.json = new ObjectMapper(limits.factory());
        this.config = config;
        this.realms = hubs.create(ChannelId.Kind.REALM, config.maxRealms(), config.maxMembersPerRealm(), Peer[]::new, this);
    }

    /** Realms with a member or a joiner on this instance. */
    public int realms() {
        return realms.size();
    }

    /** Own loop. Every realm-* message but realm-signal; an error names the realm when the message did. */
    public void control(Peer peer, Envelope message, Buffer original) {
        try {
            dispatch(peer, message, original);
        } catch (SignalingException e) {
            peer.send(message.realm() == null ? Messages.error(e.code, e.getMessage()) : Messages.error(e.code, e.getMessage(), message.realm()));
        }
    }

    private void dispatch(Peer peer, Envelope message, Buffer original) {
        switch (message.type()) {
            case "realm-challenge" -> challenge(peer);
            case "realm-create", "realm-auth", "realm-accept" -> authenticate(peer, message.type(), RealmRequest.read(json, limits, original.getBytes()));
            case "realm-invite" -> invite(peer, RealmRequest.read(json, limits, original.getBytes()));
            case "realm-leave" -> leave(peer, message.realm());
            case "server-proof" -> {
                byte[] nonce = RealmRequest.read(json, limits, original.getBytes()).bytes("nonce", MIN_INVITATION, MAX_INVITATION);
                peer.send(Messages.message("server-proof", "nonce", RealmProofs.encode(nonce), "key", identity.publicKey(),
                        "signature", identity.prove(nonce)));
            }
            default -> throw new SignalingException(ErrorCode.UNKNOWN_TYPE,
                    "realm messages are realm-challenge, realm-create, realm-auth, realm-accept, realm-invite, realm-leave and realm-signal");
        }
    }

    private void challenge(Peer peer) {
        RealmSession session = peer.realms();
        if (session == null) {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            session = new RealmSession(nonce);
            peer.realms(session);
        }
        if (session.deadlineTimer < 0 && session.isEmpty()) {
            RealmSession armed = session;
            armed.deadlineTimer = vertx.setTimer(config.authDeadline().toMillis(), id -> peer.onOwnLoop(() -> {
                armed.deadlineTimer = -1;
                if (armed.memberships.stream().noneMatch(m -> m.entered)) {
                    peer.close(CloseCodes.REALM_AUTH_DEADLINE, "realm authentication deadline");
                }
            }));
        }
        peer.send(Messages.message("realm-challenge", "nonce", RealmProofs.encode(session.nonce)));
    }

    // Authentication: create (founder, realm id derived here), auth (member with its chain), accept (invitation).

    private void authenticate(Peer peer, String type, RealmRequest request) {
        RealmSession session = peer.realms();
        if (session == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "ask for a realm-challenge first");
        }
        byte[] key = request.key("key");
        String proof = request.signature("proof");
        byte[] founder;
        byte[] salt;
        String realm;
        if (type.equals("realm-create")) {
            founder = key;
            salt = request.bytes("salt", RealmProofs.MIN_SALT, RealmProofs.MAX_SALT);
            realm = RealmProofs.realmId(founder, salt);
        } else {
            realm = request.realm();
            founder = request.key("founder");
            salt = request.bytes("salt", RealmProofs.MIN_SALT, RealmProofs.MAX_SALT);
        }
        if (session.busyWith(realm)) {
            throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection is in that realm already");
        }
        if (session.count() >= config.maxRealmsPerConnection()) {
            throw new SignalingException(ErrorCode.TOO_MANY_REALMS, "a connection may be in " + config.maxRealmsPerConnection() + " realms at most");
        }
        List<Admission> chain = type.equals("realm-auth") ? request.chain(config.maxChainLength()) : List.of();
        byte[] invitation = type.equals("realm-accept") ? request.bytes("invitation", MIN_INVITATION, MAX_INVITATION) : null;
        // The proof first, then the charter and the chain, all of them whatever failed: one answer, in about one time.
        boolean valid = Ed25519Keys.verify(key, RealmProofs.authMessage(realm, session.nonce), proof);
        valid &= RealmProofs.realmId(founder, salt).equals(realm);
        valid &= invitation != null || RealmProofs.admits(realm, founder, chain, key);
        if (!valid) {
            throw refused();
        }
        Identity identity = Identity.of(key);
        BlindedId blinded = blindRealm(realm);
        session.checking.add(realm);
        peer.suspend();
        Future<Optional<List<Admission>>> admitted = invitation == null ? Future.succeededFuture(Optional.of(chain))
                : store.redeem(blinded, blindInvitation(realm, invitation), identity.id())
                        .map(found -> found.map(record -> record.chain() == null ? NO_CHAIN : record.chain()));
        admitted.compose(found -> found.isEmpty() ? Future.succeededFuture(null)
                : store.remember(blinded, identity).map(known -> new Checked(found.get(), known)))
                .onComplete(result -> peer.onOwnLoop(() -> {
                    session.checking.remove(realm);
                    try {
                        if (!peer.isClosing()) {
                            checked(peer, session, type, realm, identity, invitation != null, result);
                        }
                    } catch (SignalingException e) {
                        peer.send(Messages.error(e.code, e.getMessage(), realm));
                    } finally {
                        peer.resume();
                        peer.updateIdle(System.nanoTime());
                    }
                }));
    }

    private record Checked(List<Admission> chain, RealmStore.Known known) {
    }

    private void checked(Peer peer, RealmSession session, String type, String realm, Identity identity, boolean invited,
            AsyncResult<Checked> result) {
        if (result.failed()) {
            throw new SignalingException(ErrorCode.UNAVAILABLE, "the realm could not be reached; try again");
        }
        Checked checked = result.result();
        if (checked == null) {
            throw refused(); // no such invitation for this key, or spent, or expired
        }
        if (checked.known.full()) {
            throw new SignalingException(ErrorCode.TOO_MANY_IDENTITIES,
                    "the realm knows " + config.maxIdentitiesPerRealm() + " identities, as many as allowed");
        }
        boolean tellChain = type.equals("realm-create") || invited && checked.chain != NO_CHAIN;
        List<Admission> chain = checked.chain == NO_CHAIN ? null : checked.chain;
        RealmMembership membership = new RealmMembership(realm, identity, chain, checked.known.identities(), tellChain);
        session.starting = membership;
        Group<Peer> group;
        try {
            group = realms.join(peer, realm, channels.realm(realm));
        } finally {
            session.starting = null;
        }
        if (group == null) {
            throw new SignalingException(ErrorCode.SERVER_FULL, "the server holds as many realms as it is configured for");
        }
    }

    // The hub's callbacks.

    @Override
    public void joining(Peer peer, Group<Peer> group) {
        RealmSession session = peer.realms();
        RealmMembership membership = session.starting;
        membership.group = group;
        session.memberships.add(membership);
        synchronized (group) {
            state(group).joining.put(peer.id(), membership);
        }
    }

    @Override
    public void admitted(Group<Peer> group, Peer joiner, List<String> others) {
        RealmGroup state = state(group);
        RealmMembership membership = state.joining.get(joiner.id());
        Set<Identity> online = new LinkedHashSet<>();
        for (String other : others) {
            Identity identity = state.identities.get(other);
            if (identity != null && !identity.equals(membership.identity)) {
                online.add(identity);
            }
        }
        List<Object> fields = new ArrayList<>(List.of("realm", group.name(), "identity", membership.identity.id(),
                "online", described(online), "identities", described(membership.known)));
        if (membership.tellChain) {
            fields.add("chain");
            fields.add(membership.chain.stream().map(link -> pair("key", link.key(), "signature", link.signature())).toList());
        }
        joiner.send(Messages.message("realm-joined", fields.toArray()));
    }

    @Override
    public void memberJoined(Group<Peer> group, String id) {
        RealmGroup state = state(group);
        RealmMembership membership = state.joining.remove(id);
        if (membership != null && state.add(id, membership.identity, true)) {
            tell(group, "peer-joined", membership.identity, true);
        }
        // A member elsewhere: its identity comes with its instance's introduction.
    }

    @Override
    public void entered(Peer peer, Group<Peer> group) {
        RealmSession session = peer.realms();
        RealmMembership membership = session == null ? null : session.find(group.name());
        if (membership != null && membership.group == group && !peer.isClosing()) {
            membership.entered = true;
            if (session.deadlineTimer >= 0) {
                vertx.cancelTimer(session.deadlineTimer);
                session.deadlineTimer = -1;
            }
            if (group.hasRemoteMembers()) {
                boolean ask;
                synchronized (group) {
                    ask = state(group).identities.size() < group.size();
                }
                realms.publish(group, List.of(), introduction(peer.id(), membership.identity, ask));
            }
        }
        peer.updateIdle(System.nanoTime());
    }

    @Override
    public void refused(Peer peer, Group<Peer> group, boolean full) {
        forget(peer, group);
        peer.send(full ? Messages.error(ErrorCode.REALM_FULL, "the realm has as many connections online as allowed", group.name())
                : Messages.error(ErrorCode.UNAVAILABLE, "the cluster could not be reached to join the realm; try again", group.name()));
        peer.updateIdle(System.nanoTime());
    }

    @Override
    public void memberLeft(Group<Peer> group, String id) {
        Identity gone = state(group).remove(id);
        if (gone != null) {
            tell(group, "peer-left", gone, false);
        }
    }

    @Override
    public void published(Group<Peer> group, Publication publication) {
        Buffer payload = publication.payload();
        if (payload.length() > 0 && payload.getByte(0) == INTRO) {
            introduced(group, payload);
            return;
        }
        List<String> targets = publication.targets();
        List<Peer> recipients = new ArrayList<>();
        synchronized (group) {
            RealmGroup state = state(group);
            for (Peer member : group.members()) {
                Identity identity = state.identities.get(member.id());
                if (identity != null && (targets.isEmpty() || targets.contains(tag(group, state, identity.id())))) {
                    recipients.add(member);
                }
            }
        }
        recipients.forEach(member -> member.send(payload));
    }

    // Leaving.

    private void leave(Peer peer, String realm) {
        RealmSession session = peer.realms();
        RealmMembership membership = session == null || realm == null ? null : session.find(realm);
        if (membership == null) {
            throw new SignalingException(ErrorCode.NOT_IN_REALM, "this connection is not in that realm");
        }
        forget(peer, membership.group);
        realms.leave(peer, membership.group);
        peer.send(Messages.message("realm-left", "realm", realm));
    }

    /** On close: out of every realm and every join under way, telling the others; the deadline is off. */
    public void leaveAll(Peer peer) {
        RealmSession session = peer.realms();
        if (session == null) {
            return;
        }
        if (session.deadlineTimer >= 0) {
            vertx.cancelTimer(session.deadlineTimer);
            session.deadlineTimer = -1;
        }
        for (RealmMembership membership : List.copyOf(session.memberships)) {
            forget(peer, membership.group);
            realms.leave(peer, membership.group);
        }
    }

    private static void forget(Peer peer, Group<Peer> group) {
        RealmSession session = peer.realms();
        session.memberships.removeIf(m -> m.group == group);
        synchronized (group) {
            state(group).joining.remove(peer.id());
        }
    }

    // Invitations.

    private void invite(Peer peer, RealmRequest request) {
        String realm = request.realm();
        RealmMembership inviter = member(peer, realm);
        byte[] invitation = request.bytes("invitation", MIN_INVITATION, MAX_INVITATION);
        long lifetime = request.seconds("expiresIn", config.maxInvitationLifetime().toSeconds(), config.maxInvitationLifetime().toSeconds());
        String boundTo = null;
        List<Admission> chain = null;
        if (request.has("key")) {
            byte[] invitee = request.key("key");
            boundTo = RealmProofs.identityId(invitee);
            if (request.has("admission")) {
                String admission = request.signature("admission");
                if (!Ed25519Keys.verify(RealmProofs.decode(inviter.identity.key(), 32, 32), RealmProofs.admissionMessage(realm, invitee), admission)) {
                    throw new SignalingException(ErrorCode.BAD_SIGNATURE, "admission does not verify: sign the admission of key into this realm");
                }
                if (inviter.chain == null) {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE,
                            "this connection has no chain to admit with yet (it came in by an invitation no member signed)");
                }
                if (inviter.chain.size() >= config.maxChainLength()) {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE, "the invitee's chain would pass " + config.maxChainLength() + " admissions");
                }
                chain = new ArrayList<>(inviter.chain);
                chain.add(new Admission(RealmProofs.encode(invitee), admission));
            }
        } else if (request.has("admission")) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "an admission needs the key it admits");
        }
        Instant expiresAt = clock.instant().plusSeconds(lifetime);
        Invitation record = new Invitation(inviter.identity.id(), expiresAt.toEpochMilli(), boundTo, chain);
        boolean bound = boundTo != null;
        peer.suspend();
        store.invite(blindRealm(realm), blindInvitation(realm, invitation), record).onComplete(stored -> peer.onOwnLoop(() -> {
            if (stored.failed()) {
                peer.send(Messages.error(ErrorCode.UNAVAILABLE, "the realm could not be reached; try again", realm));
            } else if (!stored.result()) {
                peer.send(Messages.error(ErrorCode.TOO_MANY_INVITATIONS,
                        "a member may have " + config.maxInvitationsPerMember() + " invitations outstanding", realm));
            } else {
                peer.send(Messages.message("realm-invited", "realm", realm, "expiresAt", expiresAt.toString(), "bound", bound));
            }
            peer.resume();
        }));
    }

    // Signals: a2b (to one identity), a2g (to a list), a2n (to every online member).

    public void signal(Peer peer, Envelope message, Buffer original) {
        if (message.realm() == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "realm is required");
        }
        RealmMembership sender = member(peer, message.realm());
        Group<Peer> group = sender.group;
        List<String> to = message.to();
        List<Peer> recipients = new ArrayList<>();
        boolean toRemote;
        List<String> tags = List.of();
        synchronized (group) {
            RealmGroup state = state(group);
            if (to != null) {
                for (String identity : to) {
                    int others = state.connections(identity) - (identity.equals(sender.identity.id()) ? 1 : 0);
                    if (others <= 0) {
                        throw new SignalingException(ErrorCode.UNKNOWN_PEER, "to names an identity that is not online in the realm");
                    }
                }
            }
            for (Peer member : group.members()) {
                Identity identity = state.identities.get(member.id());
                if (member != peer && identity != null && (to == null || to.contains(identity.id()))) {
                    recipients.add(member);
                }
            }
            toRemote = to == null ? group.hasRemoteMembers() : to.stream().anyMatch(state::remote);
            if (toRemote && to != null) {
                Set<String> tagged = new LinkedHashSet<>();
                to.forEach(identity -> tagged.add(tag(group, state, identity)));
                tags = List.copyOf(tagged);
            }
        }
        try (Outgoing out = Messages.stamped(peer, original, message.offset(), sender.identity.id(), "")) {
            recipients.forEach(member -> member.send(out));
            if (toRemote) {
                realms.publish(group, tags, out.payload());
            }
        }
    }

    private static RealmMembership member(Peer peer, String realm) {
        RealmSession session = peer.realms();
        RealmMembership membership = session == null ? null : session.find(realm);
        if (membership == null || !membership.entered) {
            throw new SignalingException(ErrorCode.NOT_IN_REALM, "this connection is not in that realm");
        }
        return membership;
    }

    // Introductions: how the instances of a cluster tell each other who their members are.

    /** 0, 'A' (answer with yours) or 'I', the connection id, the identity id (22 each) and the key (43). */
    private static Buffer introduction(String connection, Identity identity, boolean ask) {
        return Buffer.buffer(1 + 1 + 22 + 22 + 43).appendByte(INTRO).appendByte((byte) (ask ? 'A' : 'I'))
                .appendString(connection, "US-ASCII").appendString(identity.id(), "US-ASCII").appendString(identity.key(), "US-ASCII");
    }

    private void introduced(Group<Peer> group, Buffer payload) {
        if (payload.length() != 1 + 1 + 22 + 22 + 43) {
            return;
        }
        String connection = payload.getString(2, 24, "US-ASCII");
        Optional<byte[]> key = Ed25519Keys.parsePublicKey(payload.getString(46, 89, "US-ASCII"));
        if (key.isEmpty()) {
            return;
        }
        Identity identity = Identity.of(key.get());
        if (!identity.id().equals(payload.getString(24, 46, "US-ASCII"))) {
            return;
        }
        List<Buffer> answers = new ArrayList<>();
        synchronized (group) {
            RealmGroup state = state(group);
            // Only a member the engine says is present: an introduction that comes after its leave adds nobody.
            if (group.isRemoteMember(connection) && state.add(connection, identity, false)) {
                tell(group, "peer-joined", identity, true);
            }
            if (payload.getByte(1) == 'A') {
                for (Peer member : group.members()) {
                    Identity local = state.identities.get(member.id());
                    if (local != null) {
                        answers.add(introduction(member.id(), local, false));
                    }
                }
            }
        }
        answers.forEach(answer -> realms.publish(group, List.of(), answer));
    }

    /**
     * An identity as the targets of a publication between instances name it: 22 characters of its blinding with the
     * realm, so that Redis, which sees publication headers, never sees an identity id. Under the group's monitor.
     */
    private String tag(Group<Peer> group, RealmGroup state, String identity) {
        return state.tags.computeIfAbsent(identity, id -> blinder.blind(Blinder.Kind.IDENTITY, 0,
                RealmProofs.ascii(group.name() + id)).encoded().substring(0, RealmProofs.IDENTITY_ID_LENGTH));
    }

    // Helpers.

    /** Under the group's monitor. */
    private static RealmGroup state(Group<Peer> group) {
        Object state = group.attachment();
        if (state == null) {
            state = new RealmGroup();
            group.attach(state);
        }
        return (RealmGroup) state;
    }

    /** Under the group's monitor: to this instance's members. */
    private static void tell(Group<Peer> group, String type, Identity identity, boolean withKey) {
        Buffer notice = withKey ? Messages.message(type, "realm", group.name(), "identity", identity.id(), "key", identity.key())
                : Messages.message(type, "realm", group.name(), "identity", identity.id());
        for (Peer member : group.members()) {
            member.send(notice);
        }
    }

    private static List<Map<String, String>> described(Iterable<Identity> identities) {
        List<Map<String, String>> out = new ArrayList<>();
        identities.forEach(identity -> out.add(pair("identity", identity.id(), "key", identity.key())));
        return out;
    }

    private static Map<String, String> pair(String k1, String v1, String k2, String v2) {
        Map<String, String> map = new LinkedHashMap<>(4);
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static SignalingException refused() {
        return new SignalingException(ErrorCode.REALM_REFUSED, REFUSED);
    }

    private BlindedId blindRealm(String realm) {
        return blinder.blind(Blinder.Kind.REALM, 0, RealmProofs.ascii(realm));
    }

    private BlindedId blindInvitation(String realm, byte[] invitation) {
        return blinder.blind(Blinder.Kind.INVITATION, 0, RealmProofs.concat(RealmProofs.ascii(realm), invitation));
    }
}

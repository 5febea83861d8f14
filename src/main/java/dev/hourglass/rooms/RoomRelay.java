package dev.hourglass.rooms;

import dev.hourglass.cluster.Broker;
import dev.hourglass.cluster.ChannelHandler;
import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.Channels;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Member;
import dev.hourglass.cluster.Presence;
import dev.hourglass.cluster.Publication;
import dev.hourglass.cluster.RemoteView;
import dev.hourglass.signaling.Envelope;
import dev.hourglass.signaling.ErrorCode;
import dev.hourglass.signaling.Messages;
import dev.hourglass.signaling.Peer;
import dev.hourglass.signaling.SignalingException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rooms: join, leave, and the relay of everything else a member sends, to all other members or to the peers named in
 * {@code to}, on this instance and, through the broker, on the others. The relayed bytes are the client's own, with
 * {@code from} stamped in front.
 * <p>
 * A join is admitted by {@link Presence} (which counts members on every instance) and completed by its own join
 * event: that event comes in the room's one order of events, so the joiner's {@code joined} goes out before any
 * notice of a later member, on every instance, in both engines. Leaves are told to this instance's members at once
 * and to the others through the engine. Client messages run on the sender's event loop; engine events on the engine's.
 */
@Singleton
public class RoomRelay implements ChannelHandler {

    /** A join whose join event has not come by then (the engine lost it) is refused, so that the client can retry. */
    static final long JOIN_TIMEOUT_MS = 10_000;

    private final Rooms rooms;
    private final Channels channels;
    private final Broker broker;
    private final Presence presence;
    private final ClusterNode node;
    private final Vertx vertx;
    private final int maxRoomsPerConnection;
    private final int maxPeersPerRoom;
    private final int maxRoomNameLength;

    RoomRelay(Rooms rooms, Channels channels, Broker broker, Presence presence, ClusterNode node, Vertx vertx, RoomsConfig config) {
        this.rooms = rooms;
        this.channels = channels;
        this.broker = broker;
        this.presence = presence;
        this.node = node;
        this.vertx = vertx;
        this.maxRoomsPerConnection = config.maxRoomsPerConnection();
        this.maxPeersPerRoom = config.maxPeersPerRoom();
        this.maxRoomNameLength = config.maxRoomNameLength();
    }

    void start(@Observes StartupEvent event) {
        node.handle(ChannelId.Kind.ROOM, this);
    }

    /** Rooms with a member or a joiner on this instance. */
    public int rooms() {
        return rooms.size();
    }

    public void join(Peer peer, Envelope message) {
        String name = validRoomName(message.room());
        if (peer.room(name) != null || peer.joiningRoom(name) != null) {
            throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection is in that room already");
        }
        if (peer.rooms().size() + peer.joining().size() >= maxRoomsPerConnection) {
            throw new SignalingException(ErrorCode.TOO_MANY_ROOMS, "a connection may be in " + maxRoomsPerConnection + " rooms at most");
        }
        Room room = rooms.acquire(name, channels.room(name));
        if (room == null) {
            throw new SignalingException(ErrorCode.SERVER_FULL, "the server holds as many rooms as it is configured for");
        }
        synchronized (room) {
            room.addJoiner(peer);
        }
        peer.startJoining(room);
        peer.suspend();
        long[] timeout = {-1};
        // Subscribed first, so that this instance hears the join event the admission publishes.
        broker.subscribe(room.channel).compose(subscribed -> presence.join(List.of(room.channel), peer.id(), maxPeersPerRoom))
                .onComplete(result -> peer.onOwnLoop(() -> {
            if (!admitted(result)) {
                boolean full = result.succeeded() && result.result() instanceof Presence.Full;
                refuse(peer, room, full ? ErrorCode.ROOM_FULL : ErrorCode.UNAVAILABLE, !full);
            }
            if (timeout[0] >= 0 && peer.joiningRoom(name) != room) {
                vertx.cancelTimer(timeout[0]);
            }
        }));
        // The backstop for a join event the engine lost; a join already done (the memory engine's always is) needs none.
        // Both this and the callback above run on the peer's loop, so the callback sees the timer if there is one.
        if (peer.joiningRoom(name) == room) {
            timeout[0] = vertx.setTimer(JOIN_TIMEOUT_MS, id -> peer.onOwnLoop(() -> refuse(peer, room, ErrorCode.UNAVAILABLE, true)));
        }
    }

    private static boolean admitted(AsyncResult<Presence.Admission> result) {
        return result.succeeded() && result.result() instanceof Presence.Admitted;
    }

    /**
     * A join that will not complete: the joiner gets the error and its messages held behind the join are served.
     * Nothing happens when the join completed or the connection left meanwhile.
     */
    private void refuse(Peer peer, Room room, ErrorCode code, boolean mayBePresent) {
        boolean wasJoining;
        synchronized (room) {
            wasJoining = room.removeJoiner(peer.id()) != null;
        }
        if (!wasJoining) {
            return;
        }
        peer.stopJoining(room);
        if (mayBePresent) {
            // Admitted but its event lost, or unknown: make sure no member is left behind in the engine.
            presence.leave(List.of(room.channel), peer.id());
        }
        broker.unsubscribe(room.channel);
        rooms.release(room);
        peer.send(Messages.error(code, code == ErrorCode.ROOM_FULL ? "the room is full"
                : "the cluster could not be reached to join the room; try again"));
        peer.resume();
        peer.updateIdle(System.nanoTime());
    }

    /** The joiner's own join event: it is a member from now on. Engine thread, under the room's monitor. */
    private void completeJoin(Room room, Peer joiner, List<Member> members) {
        List<String> others = new ArrayList<>(members.size());
        for (Member member : members) {
            if (!member.id().equals(joiner.id())) {
                others.add(member.id());
            }
        }
        joiner.send(Messages.message("joined", "room", room.name(), "peers", others));
        Peer[] before = room.members;
        Peer[] next = Arrays.copyOf(before, before.length + 1);
        next[before.length] = joiner;
        room.members = next;
        Buffer notice = Messages.message("peer-joined", "room", room.name(), "peerId", joiner.id());
        for (Peer other : before) {
            other.send(notice);
        }
        joiner.onOwnLoop(() -> {
            if (joiner.stopJoining(room) && !joiner.isClosing()) {
                joiner.rooms().add(room);
            }
            joiner.resume();
            joiner.updateIdle(System.nanoTime());
        });
    }

    public void leave(Peer peer, Envelope message) {
        if (message.room() == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "room is required");
        }
        Room room = peer.room(message.room());
        if (room == null) {
            throw new SignalingException(ErrorCode.NOT_IN_ROOM, "this connection is not in that room");
        }
        peer.rooms().remove(room);
        depart(peer, room);
        peer.send(Messages.message("left", "room", room.name()));
    }

    /** On close: out of every room and every join under way, telling the others. */
    public void leaveAll(Peer peer) {
        for (Room room : List.copyOf(peer.rooms())) {
            depart(peer, room);
        }
        for (Room room : List.copyOf(peer.joining())) {
            depart(peer, room);
        }
        peer.rooms().clear();
        List.copyOf(peer.joining()).forEach(peer::stopJoining);
    }

    /** Takes the peer out of the room, member or joiner, exactly once: the others here are told, the engine too. */
    private void depart(Peer peer, Room room) {
        boolean wasMember;
        Peer[] rest;
        synchronized (room) {
            boolean wasJoining = room.removeJoiner(peer.id()) != null;
            Peer[] members = room.members;
            rest = without(members, peer);
            wasMember = rest.length != members.length;
            if (!wasJoining && !wasMember) {
                return;
            }
            room.members = rest;
            if (wasMember) {
                Buffer notice = Messages.message("peer-left", "room", room.name(), "peerId", peer.id());
                for (Peer other : rest) {
                    other.send(notice);
                }
            }
        }
        presence.leave(List.of(room.channel), peer.id());
        broker.unsubscribe(room.channel);
        rooms.release(room);
    }

    private static Peer[] without(Peer[] peers, Peer peer) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] == peer) {
                Peer[] rest = new Peer[peers.length - 1];
                System.arraycopy(peers, 0, rest, 0, i);
                System.arraycopy(peers, i + 1, rest, i, peers.length - i - 1);
                return rest;
            }
        }
        return peers;
    }

    public void relay(Peer peer, Envelope message, byte[] original) {
        Room room = roomOf(peer, message.room());
        Peer[] members = room.members;
        List<Peer> targets;
        List<String> remoteTargets = List.of();
        boolean toRemote;
        if (message.to() == null) {
            targets = new ArrayList<>(members.length);
            for (Peer member : members) {
                if (member != peer) {
                    targets.add(member);
                }
            }
            toRemote = !room.remote.isEmpty();
        } else {
            targets = new ArrayList<>(message.to().size());
            Set<String> remote = new LinkedHashSet<>();
            for (String id : message.to()) {
                Peer target = room.member(id);
                if (target == null && !id.equals(peer.id()) && room.remote.contains(id)) {
                    remote.add(id);
                } else if (target == null || target == peer) {
                    throw new SignalingException(ErrorCode.UNKNOWN_PEER, "to names a peer that is not another member of the room");
                } else if (!targets.contains(target)) {
                    targets.add(target);
                }
            }
            remoteTargets = List.copyOf(remote);
            toRemote = !remoteTargets.isEmpty();
        }
        Buffer out = Messages.stamped(original, message.offset(), peer.id(), "");
        for (Peer target : targets) {
            target.send(out);
        }
        if (toRemote) {
            broker.publish(room.channel, remoteTargets, out);
        }
    }

    private static Room roomOf(Peer peer, String name) {
        if (name == null) {
            if (peer.rooms().size() == 1) {
                return peer.rooms().get(0);
            }
            throw new SignalingException(peer.rooms().isEmpty() ? ErrorCode.NOT_IN_ROOM : ErrorCode.ROOM_REQUIRED,
                    "this connection is in several rooms: say which in room");
        }
        Room room = peer.room(name);
        if (room == null) {
            throw new SignalingException(ErrorCode.NOT_IN_ROOM, "this connection is not in that room");
        }
        return room;
    }

    private String validRoomName(String name) {
        if (name == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "room is required");
        }
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > maxRoomNameLength) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "room must be 1 to " + maxRoomNameLength + " characters");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "room must not contain control characters");
        }
        return name;
    }

    // Engine events. Each is for one room, in the room's order.

    @Override
    public void onPublication(ChannelId channel, Publication publication) {
        Room room = rooms.get(channel);
        if (room == null) {
            return;
        }
        List<String> targets = publication.targets();
        for (Peer member : room.members) {
            if (targets.isEmpty() || targets.contains(member.id())) {
                member.send(publication.payload());
            }
        }
    }

    @Override
    public void onJoin(ChannelId channel, Member joined, List<Member> members) {
        Room room = rooms.get(channel);
        if (room == null) {
            return;
        }
        synchronized (room) {
            // The view first: what it adds is news to the members already here, not to the joiner, whose joined
            // lists every member.
            tellJoined(room, room.remote.add(members, node.id()));
            Peer joiner = joined.node().equals(node.id()) ? room.removeJoiner(joined.id()) : null;
            if (joiner != null) {
                completeJoin(room, joiner, members);
            }
        }
    }

    @Override
    public void onLeave(ChannelId channel, Member left) {
        Room room = rooms.get(channel);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.remote.remove(left.id()) != null) {
                tell(room, "peer-left", left.id());
            }
        }
    }

    @Override
    public void onSync(ChannelId channel, String from, List<Member> members) {
        Room room = rooms.get(channel);
        if (room != null) {
            synchronized (room) {
                RemoteView.Changes changes = room.remote.sync(from, members, node.id());
                changes.left().forEach(member -> tell(room, "peer-left", member.id()));
                tellJoined(room, changes.joined());
            }
        }
    }

    @Override
    public void onRestored() {
        for (Room room : rooms.all()) {
            List<String> local;
            synchronized (room) {
                local = Arrays.stream(room.members).map(Peer::id).toList();
            }
            presence.restore(room.channel, local);
        }
    }

    @Override
    public void onSettle() {
        rooms.all().forEach(room -> presence.settle(room.channel));
    }

    private static void tellJoined(Room room, List<Member> joined) {
        joined.forEach(member -> tell(room, "peer-joined", member.id()));
    }

    private static void tell(Room room, String type, String peerId) {
        Buffer notice = Messages.message(type, "room", room.name(), "peerId", peerId);
        for (Peer member : room.members) {
            member.send(notice);
        }
    }
}

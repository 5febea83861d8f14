package dev.hourglass.rooms;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.Channels;
import dev.hourglass.cluster.Group;
import dev.hourglass.cluster.Hub;
import dev.hourglass.cluster.Hubs;
import dev.hourglass.cluster.Publication;
import dev.hourglass.signaling.Envelope;
import dev.hourglass.signaling.ErrorCode;
import dev.hourglass.signaling.Messages;
import dev.hourglass.signaling.Peer;
import dev.hourglass.signaling.SignalingException;
import dev.hourglass.transport.Outgoing;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rooms: join, leave, and the relay of everything else a member sends, to all other members or to the peers named in
 * {@code to}, on this instance and, through the broker, on the others. The relayed bytes are the client's own, with
 * {@code from} stamped in front. Joins and leaves go through the rooms' {@link Hub}, which orders them: a joiner's
 * {@code joined} goes out before any notice of a later member, on every instance. Client messages run on the
 * sender's event loop; engine events on the engine's.
 */
@Singleton
public class RoomRelay implements Hub.Protocol<Peer> {

    private final Hub<Peer> rooms;
    private final Channels channels;
    private final int maxRoomsPerConnection;
    private final int maxRoomNameLength;

    RoomRelay(Hubs hubs, Channels channels, RoomsConfig config) {
        this.channels = channels;
        this.maxRoomsPerConnection = config.maxRoomsPerConnection();
        this.maxRoomNameLength = config.maxRoomNameLength();
        this.rooms = hubs.create(ChannelId.Kind.ROOM, config.maxRooms(), config.maxPeersPerRoom(), Peer[]::new, this);
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
        Group<Peer> room = rooms.join(peer, name, channels.room(name));
        if (room == null) {
            throw new SignalingException(ErrorCode.SERVER_FULL, "the server holds as many rooms as it is configured for");
        }
    }

    @Override
    public void joining(Peer peer, Group<Peer> room) {
        peer.startJoining(room);
    }

    @Override
    public void admitted(Group<Peer> room, Peer joiner, List<String> others) {
        joiner.send(Messages.message("joined", "room", room.name(), "peers", others));
    }

    @Override
    public void entered(Peer peer, Group<Peer> room) {
        if (peer.stopJoining(room) && !peer.isClosing()) {
            peer.rooms().add(room);
        }
        peer.updateIdle(System.nanoTime());
    }

    @Override
    public void refused(Peer peer, Group<Peer> room, boolean full) {
        peer.stopJoining(room);
        peer.send(full ? Messages.error(ErrorCode.ROOM_FULL, "the room is full")
                : Messages.error(ErrorCode.UNAVAILABLE, "the cluster could not be reached to join the room; try again"));
        peer.updateIdle(System.nanoTime());
    }

    @Override
    public void memberJoined(Group<Peer> room, String peerId) {
        tell(room, "peer-joined", peerId);
    }

    @Override
    public void memberLeft(Group<Peer> room, String peerId) {
        tell(room, "peer-left", peerId);
    }

    public void leave(Peer peer, Envelope message) {
        if (message.room() == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "room is required");
        }
        Group<Peer> room = peer.room(message.room());
        if (room == null) {
            throw new SignalingException(ErrorCode.NOT_IN_ROOM, "this connection is not in that room");
        }
        peer.rooms().remove(room);
        rooms.leave(peer, room);
        peer.send(Messages.message("left", "room", room.name()));
    }

    /** On close: out of every room and every join under way, telling the others. */
    public void leaveAll(Peer peer) {
        for (Group<Peer> room : List.copyOf(peer.rooms())) {
            rooms.leave(peer, room);
        }
        for (Group<Peer> room : List.copyOf(peer.joining())) {
            rooms.leave(peer, room);
        }
        peer.rooms().clear();
        List.copyOf(peer.joining()).forEach(peer::stopJoining);
    }

    public void relay(Peer peer, Envelope message, Buffer original) {
        Group<Peer> room = roomOf(peer, message.room());
        if (message.to() == null) {
            // To every other member: nothing here can be refused, so it goes out while the members are read (the
            // common case, with no list of targets made per message).
            try (Outgoing out = Messages.stamped(peer, original, message.offset(), peer.fromHead())) {
                for (Peer member : room.members()) {
                    if (member != peer) {
                        member.send(out);
                    }
                }
                if (room.hasRemoteMembers()) {
                    rooms.publish(room, List.of(), out.payload());
                }
            }
            return;
        }
        // To named members: every name is checked before anything is sent.
        List<Peer> targets = new ArrayList<>(message.to().size());
        Set<String> remote = new LinkedHashSet<>();
        for (String id : message.to()) {
            Peer target = room.member(id);
            if (target == null && !id.equals(peer.id()) && room.isRemoteMember(id)) {
                remote.add(id);
            } else if (target == null || target == peer) {
                throw new SignalingException(ErrorCode.UNKNOWN_PEER, "to names a peer that is not another member of the room");
            } else if (!targets.contains(target)) {
                targets.add(target);
            }
        }
        try (Outgoing out = Messages.stamped(peer, original, message.offset(), peer.fromHead())) {
            for (Peer target : targets) {
                target.send(out);
            }
            if (!remote.isEmpty()) {
                rooms.publish(room, List.copyOf(remote), out.payload());
            }
        }
    }

    @Override
    public void published(Group<Peer> room, Publication publication) {
        List<String> targets = publication.targets();
        for (Peer member : room.members()) {
            if (targets.isEmpty() || targets.contains(member.id())) {
                member.send(publication.payload());
            }
        }
    }

    private static Group<Peer> roomOf(Peer peer, String name) {
        if (name == null) {
            if (peer.rooms().size() == 1) {
                return peer.rooms().get(0);
            }
            throw new SignalingException(peer.rooms().isEmpty() ? ErrorCode.NOT_IN_ROOM : ErrorCode.ROOM_REQUIRED,
                    "this connection is in several rooms: say which in room");
        }
        Group<Peer> room = peer.room(name);
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

    private static void tell(Group<Peer> room, String type, String peerId) {
        Buffer notice = Messages.message(type, "room", room.name(), "peerId", peerId);
        for (Peer member : room.members()) {
            member.send(notice);
        }
    }
}

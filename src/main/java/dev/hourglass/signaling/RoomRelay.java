package dev.hourglass.signaling;

import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rooms: join, leave, and the relay of everything else a member sends, to all other members or to the
 * peers named in {@code to}. The relayed bytes are the client's own, with {@code from} stamped in front.
 * Runs on the sender's event loop; delivery to peers on other loops is queued by Vert.x.
 */
@Singleton
class RoomRelay {

    private final Rooms rooms;
    private final int maxRoomsPerConnection;
    private final int maxRoomNameLength;

    RoomRelay(Rooms rooms, SignalingConfig config) {
        this.rooms = rooms;
        this.maxRoomsPerConnection = config.maxRoomsPerConnection();
        this.maxRoomNameLength = config.maxRoomNameLength();
    }

    void join(Peer peer, Envelope message) {
        String name = validRoomName(message.room());
        if (peer.room(name) != null) {
            throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection is in that room already");
        }
        if (peer.rooms.size() >= maxRoomsPerConnection) {
            throw new SignalingException(ErrorCode.TOO_MANY_ROOMS, "a connection may be in " + maxRoomsPerConnection + " rooms at most");
        }
        Rooms.JoinOutcome outcome = rooms.join(name, peer, others -> peer.send(
                Frames.message("joined", "room", name, "peers", Arrays.stream(others).map(Peer::id).toList())));
        if (outcome instanceof Rooms.RoomFull) {
            throw new SignalingException(ErrorCode.ROOM_FULL, "the room is full");
        }
        if (outcome instanceof Rooms.ServerFull) {
            throw new SignalingException(ErrorCode.SERVER_FULL, "the server holds as many rooms as it is configured for");
        }
        Rooms.Joined joined = (Rooms.Joined) outcome;
        peer.rooms.add(joined.room());
        Buffer notice = Frames.message("peer-joined", "room", name, "peerId", peer.id());
        for (Peer other : joined.others()) {
            other.send(notice);
        }
    }

    void leave(Peer peer, Envelope message) {
        if (message.room() == null) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "room is required");
        }
        Room room = peer.room(message.room());
        if (room == null) {
            throw new SignalingException(ErrorCode.NOT_IN_ROOM, "this connection is not in that room");
        }
        leave(peer, room);
        peer.send(Frames.message("left", "room", room.name()));
    }

    /** On close: out of every room, telling the others. */
    void leaveAll(Peer peer) {
        for (Room room : List.copyOf(peer.rooms)) {
            leave(peer, room);
        }
    }

    private void leave(Peer peer, Room room) {
        peer.rooms.remove(room);
        Peer[] rest = rooms.leave(room, peer);
        Buffer notice = Frames.message("peer-left", "room", room.name(), "peerId", peer.id());
        for (Peer other : rest) {
            other.send(notice);
        }
    }

    void relay(Peer peer, Envelope message, byte[] original) {
        Room room = roomOf(peer, message.room());
        Peer[] members = room.members;
        List<Peer> targets;
        if (message.to() == null) {
            targets = new ArrayList<>(members.length);
            for (Peer member : members) {
                if (member != peer) {
                    targets.add(member);
                }
            }
        } else {
            targets = new ArrayList<>(message.to().size());
            for (String id : message.to()) {
                Peer target = room.member(id);
                if (target == null || target == peer) {
                    throw new SignalingException(ErrorCode.UNKNOWN_PEER, "to names a peer that is not another member of the room");
                }
                if (!targets.contains(target)) {
                    targets.add(target);
                }
            }
        }
        Buffer out = Frames.stamped(original, message.offset(), peer.id(), "");
        for (Peer target : targets) {
            target.send(out);
        }
    }

    private static Room roomOf(Peer peer, String name) {
        if (name == null) {
            if (peer.rooms.size() == 1) {
                return peer.rooms.get(0);
            }
            throw new SignalingException(ErrorCode.ROOM_REQUIRED, "this connection is in several rooms: say which in room");
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
}

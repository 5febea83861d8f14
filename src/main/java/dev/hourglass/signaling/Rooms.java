package dev.hourglass.signaling;

import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms of this instance. Joins and leaves of one room are serialised by the map's lock for its name;
 * relaying reads the member array without a lock.
 */
@Singleton
class Rooms {

    sealed interface JoinOutcome permits Joined, RoomFull, ServerFull {
    }

    /** @param others the members before the join, who get peer-joined */
    record Joined(Room room, Peer[] others) implements JoinOutcome {
    }

    record RoomFull() implements JoinOutcome {
    }

    record ServerFull() implements JoinOutcome {
    }

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final int maxPeersPerRoom;

    Rooms(SignalingConfig config) {
        this.maxRooms = config.maxRooms();
        this.maxPeersPerRoom = config.maxPeersPerRoom();
    }

    /**
     * Adds the peer to the room, creating it if needed. {@code welcome} runs under the room's lock with the members
     * found there, so that what it sends to the joiner goes out before any notice a later joiner sends it.
     */
    JoinOutcome join(String name, Peer peer, java.util.function.Consumer<Peer[]> welcome) {
        JoinOutcome[] outcome = new JoinOutcome[1];
        rooms.compute(name, (key, room) -> {
            if (room == null) {
                if (rooms.size() >= maxRooms) {
                    outcome[0] = new ServerFull();
                    return null;
                }
                room = new Room(key);
            }
            Peer[] members = room.members;
            if (members.length >= maxPeersPerRoom) {
                outcome[0] = new RoomFull();
                return room;
            }
            Peer[] next = Arrays.copyOf(members, members.length + 1);
            next[members.length] = peer;
            room.members = next;
            welcome.accept(members);
            outcome[0] = new Joined(room, members);
            return room;
        });
        return outcome[0];
    }

    /** Removes the peer; the last one out removes the room. Returns the members left behind. */
    Peer[] leave(Room room, Peer peer) {
        Peer[][] left = {new Peer[0]};
        rooms.computeIfPresent(room.name(), (key, current) -> {
            Peer[] rest = Arrays.stream(current.members).filter(member -> member != peer).toArray(Peer[]::new);
            current.members = rest;
            left[0] = rest;
            return rest.length == 0 ? null : current;
        });
        return left[0];
    }
}

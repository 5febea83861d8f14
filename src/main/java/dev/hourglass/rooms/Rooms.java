package dev.hourglass.rooms;

import dev.hourglass.cluster.ChannelId;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms with a member or a joiner on this instance, by channel. A room is held by each of its local members and
 * joiners and leaves the index with the last of them; the cap counts rooms here, not in the cluster.
 */
@Singleton
class Rooms {

    private final ConcurrentHashMap<ChannelId, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;

    Rooms(RoomsConfig config) {
        this.maxRooms = config.maxRooms();
    }

    /** The room, created if needed and held once more; null when a new room would pass the cap. */
    Room acquire(String name, ChannelId channel) {
        return rooms.compute(channel, (key, room) -> {
            if (room == null) {
                if (rooms.size() >= maxRooms) {
                    return null;
                }
                room = new Room(name, key);
            }
            room.users++;
            return room;
        });
    }

    /** Gives back one hold; the last one takes the room out of the index. */
    void release(Room room) {
        rooms.computeIfPresent(room.channel, (key, current) -> {
            if (current != room) {
                return current;
            }
            return --current.users == 0 ? null : current;
        });
    }

    Room get(ChannelId channel) {
        return rooms.get(channel);
    }

    Collection<Room> all() {
        return rooms.values();
    }

    int size() {
        return rooms.size();
    }
}

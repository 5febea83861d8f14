package dev.hourglass.rooms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of rooms on /ws; the keys keep the hourglass.ws prefix they have always had. */
@ConfigMapping(prefix = "hourglass.ws")
public interface RoomsConfig {

    @WithDefault("16")
    int maxRoomsPerConnection();

    /** Members of one room, counted over every instance of a cluster. */
    @WithDefault("32")
    int maxPeersPerRoom();

    /** Rooms with a member on this instance. */
    @WithDefault("50000")
    int maxRooms();

    /** Room names are 1 to this many characters. */
    @WithDefault("128")
    int maxRoomNameLength();
}

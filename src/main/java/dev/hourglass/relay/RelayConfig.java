package dev.hourglass.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The y-websocket relay's limits; the connection layer's (size, rate, caps, liveness) are hourglass.ws's. */
@ConfigMapping(prefix = "hourglass.relay")
public interface RelayConfig {

    /**
     * Whether a WebSocket upgrade on any path that is not one of the server's own is the relay, with the path as its
     * room (the original design's clients connect to wss://host/{room}); /relay/{room} works either way.
     */
    @WithDefault("true")
    boolean pathRooms();

    /** Connections of one relay room, counted over every instance of a cluster. */
    @WithDefault("64")
    int maxPeersPerRoom();

    /** Relay rooms with a connection on this instance. */
    @WithDefault("50000")
    int maxRooms();

    /** Room names (the path after /relay/ or /, as sent) are 1 to this many characters. */
    @WithDefault("256")
    int maxRoomNameLength();
}

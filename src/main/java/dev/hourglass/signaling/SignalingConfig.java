package dev.hourglass.signaling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "hourglass.ws")
public interface SignalingConfig {

    /** Largest text message, in bytes, whether it comes in one frame or several; past it the connection closes with 1009. */
    @WithDefault("65536")
    int maxMessageBytes();

    /** Open connections on this instance; further upgrades get 503. */
    @WithDefault("20000")
    int maxConnections();

    /** Open connections from one client address (the forwarded one behind a trusted proxy); further upgrades get 429. */
    @WithDefault("64")
    int maxConnectionsPerAddress();

    /** Interval of the server's WebSocket pings, announced to clients in welcome. */
    @WithDefault("PT30S")
    Duration heartbeat();

    /** A connection from which nothing (not even a pong) arrived for this long is closed with 4000. */
    @WithDefault("PT75S")
    Duration heartbeatTimeout();

    /** A connection in no room and with no binding for this long is closed with 4002. */
    @WithDefault("PT10M")
    Duration idleTimeout();

    @WithDefault("16")
    int maxRoomsPerConnection();

    @WithDefault("32")
    int maxPeersPerRoom();

    /** Rooms on this instance. */
    @WithDefault("50000")
    int maxRooms();

    /** Room names are 1 to this many characters. */
    @WithDefault("128")
    int maxRoomNameLength();

    /** Bound connections listening on one contact key (a contact key normally has two holders, each with a few tabs). */
    @WithDefault("16")
    int maxPeersPerContactKey();

    /** Sustained messages per second per connection (token bucket refill). */
    @WithDefault("100")
    int rateLimit();

    /** Messages a connection may send at once above the sustained rate (token bucket size). */
    @WithDefault("200")
    int rateBurst();

    /** Refused messages in a row after which a flooding connection is closed with 1008. */
    @WithDefault("50")
    int rateStrikes();

    /** Bytes queued towards one connection past which it is closed as a slow consumer (4001) instead of buffered. */
    @WithDefault("262144")
    int writeQueueMaxBytes();
}

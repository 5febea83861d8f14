package dev.hourglass.transport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The connection layer's limits, shared by every WebSocket endpoint. */
@ConfigMapping(prefix = "hourglass.ws")
public interface TransportConfig {

    /** Largest message, in bytes, whether it comes in one frame or several; past it the connection closes with 1009. */
    @WithDefault("65536")
    int maxMessageBytes();

    /** Open connections on this instance; further upgrades get 503. */
    @WithDefault("20000")
    int maxConnections();

    /** Open connections from one client address (the forwarded one behind a trusted proxy); further upgrades get 429. */
    @WithDefault("64")
    int maxConnectionsPerAddress();

    /** Sustained new connections per second from one client address; past it (and its burst) upgrades get 429. */
    @WithDefault("10")
    int connectionRate();

    /** New connections one address may open at once above that rate (a page reload, a NAT of many users). */
    @WithDefault("50")
    int connectionBurst();

    /**
     * Origins (scheme://host[:port]) whose pages may open WebSockets, against cross-site WebSocket hijacking; empty:
     * any. A request without an Origin header (not a browser) is let through either way.
     */
    Optional<List<String>> allowedOrigins();

    /** Interval of the server's WebSocket pings, announced to clients in welcome. */
    @WithDefault("PT30S")
    Duration heartbeat();

    /** A connection from which nothing (not even a pong) arrived for this long is closed with 4000. */
    @WithDefault("PT75S")
    Duration heartbeatTimeout();

    /** A connection with nothing to wait for (no room, no binding) for this long is closed with 4002. */
    @WithDefault("PT10M")
    Duration idleTimeout();

    /** Sustained messages per second per connection (token bucket refill). */
    @WithDefault("100")
    int rateLimit();

    /** Messages a connection may send at once above the sustained rate (token bucket size). */
    @WithDefault("200")
    int rateBurst();

    /** Refused messages in a row after which a flooding connection is closed with 1008. */
    @WithDefault("50")
    int rateStrikes();

    /**
     * Bytes queued towards one connection past which it is closed as a slow consumer (4001) instead of buffered: its
     * write queue together with what other threads have handed to its event loop and it has not written yet.
     */
    @WithDefault("262144")
    int writeQueueMaxBytes();
}

package dev.hourglass.transport;

/** WebSocket close codes the server uses; documented in docs/protocol.md. */
public final class CloseCodes {

    public static final short GOING_AWAY = 1001;
    public static final short POLICY_VIOLATION = 1008;
    public static final short MESSAGE_TOO_BIG = 1009;
    /** The server is restarting or draining: reconnect (to another instance), after a short random wait. */
    public static final short SERVICE_RESTART = 1012;
    /** A room is full, the server holds as many rooms as it may, or the cluster cannot be reached: retry later. */
    public static final short TRY_AGAIN_LATER = 1013;
    public static final short HEARTBEAT_TIMEOUT = 4000;
    public static final short SLOW_CONSUMER = 4001;
    public static final short IDLE = 4002;
    /** The connection asked for a realm challenge and was admitted to no realm within the deadline. */
    public static final short REALM_AUTH_DEADLINE = 4003;

    private CloseCodes() {
    }
}

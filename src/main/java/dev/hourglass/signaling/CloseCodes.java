package dev.hourglass.signaling;

/** WebSocket close codes the server uses; documented in docs/protocol.md. */
final class CloseCodes {

    static final short GOING_AWAY = 1001;
    static final short POLICY_VIOLATION = 1008;
    static final short MESSAGE_TOO_BIG = 1009;
    static final short HEARTBEAT_TIMEOUT = 4000;
    static final short SLOW_CONSUMER = 4001;
    static final short IDLE = 4002;

    private CloseCodes() {
    }
}

package dev.hourglass.transport;

/** Why an upgrade was refused before any WebSocket existed: each a problem type, and a label of the refusals metric. */
public enum UpgradeRefusal {
    NOT_AN_UPGRADE("upgrade-required"),
    SHUTTING_DOWN("shutting-down"),
    ORIGIN_NOT_ALLOWED("origin-not-allowed"),
    BAD_REQUEST("bad-request"),
    CONNECTIONS_FULL("connections-full"),
    CONNECTION_RATE("connection-rate"),
    TOO_MANY_CONNECTIONS("too-many-connections"),
    BAD_HANDSHAKE("bad-upgrade");

    /** The problem type's last segment and the metric's reason label. */
    public final String type;

    UpgradeRefusal(String type) {
        this.type = type;
    }
}

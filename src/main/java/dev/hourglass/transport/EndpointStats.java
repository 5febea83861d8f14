package dev.hourglass.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one endpoint's connections did, in counts only: nothing here knows a room, an id, an address or a byte of what
 * was sent. Kept in adders the hot path bumps without a lookup; the metrics read them when scraped.
 */
public final class EndpointStats {

    /** The close codes the server chooses, in {@link #closes}' order; the last slot counts every other close. */
    public static final short[] SERVER_CLOSE_CODES = {CloseCodes.GOING_AWAY, CloseCodes.POLICY_VIOLATION, CloseCodes.MESSAGE_TOO_BIG,
            CloseCodes.SERVICE_RESTART, CloseCodes.TRY_AGAIN_LATER, CloseCodes.HEARTBEAT_TIMEOUT, CloseCodes.SLOW_CONSUMER, CloseCodes.IDLE,
            CloseCodes.REALM_AUTH_DEADLINE};

    private final String name;
    final AtomicInteger open = new AtomicInteger();
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    private final LongAdder[] refusals = adders(UpgradeRefusal.values().length);
    /** Closes the server started, by code ({@link #SERVER_CLOSE_CODES}, then other); the client's own in the last slot. */
    private final LongAdder[] closes = adders(SERVER_CLOSE_CODES.length + 2);

    EndpointStats(String name) {
        this.name = name;
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** The endpoint's label: its path without the slash (ws, relay, yjs). */
    public String name() {
        return name;
    }

    public int openConnections() {
        return open.get();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long refusals(UpgradeRefusal reason) {
        return refusals[reason.ordinal()].sum();
    }

    void refused(UpgradeRefusal reason) {
        refusals[reason.ordinal()].increment();
    }

    /** Closes the server started with this code (one of {@link #SERVER_CLOSE_CODES}). */
    public long serverCloses(short code) {
        return closes[slot(code)].sum();
    }

    /** Closes the server started with a code not in {@link #SERVER_CLOSE_CODES}. */
    public long otherServerCloses() {
        return closes[SERVER_CLOSE_CODES.length].sum();
    }

    /** Connections the client (or the network) ended. */
    public long clientCloses() {
        return closes[SERVER_CLOSE_CODES.length + 1].sum();
    }

    void serverClosed(short code) {
        closes[slot(code)].increment();
    }

    void clientClosed() {
        closes[SERVER_CLOSE_CODES.length + 1].increment();
    }

    private static int slot(short code) {
        for (int i = 0; i < SERVER_CLOSE_CODES.length; i++) {
            if (SERVER_CLOSE_CODES[i] == code) {
                return i;
            }
        }
        return SERVER_CLOSE_CODES.length;
    }
}

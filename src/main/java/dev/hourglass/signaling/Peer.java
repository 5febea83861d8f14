package dev.hourglass.signaling;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection. Its fields are touched only on its own event loop, except those marked volatile
 * (read by the liveness sweep) and {@link #send}, which any event loop may call to deliver to it.
 */
final class Peer {

    /** How long a close handshake may take before the TCP connection is dropped. */
    static final long CLOSE_GRACE_MS = 3000;

    private final String id;
    private final ServerWebSocket socket;
    private final Channel channel;
    private final Context context;
    private final AtomicBoolean closing = new AtomicBoolean();

    final TokenBucket bucket;
    int rateStrikes;

    /** Continuation frames of a fragmented message, until its final frame. */
    Buffer fragments;

    final List<Room> rooms = new ArrayList<>(2);
    ContactBinding binding;
    Challenge challenge;

    /** Last time anything (a message, a pong) arrived. */
    volatile long lastHeardNanos;
    /** Since when the connection has been in no room and unbound; 0 while it is in a room or bound. */
    volatile long idleSinceNanos;

    Peer(String id, ServerWebSocket socket, Channel channel, Context context, TokenBucket bucket, long nowNanos) {
        this.id = id;
        this.socket = socket;
        this.channel = channel;
        this.context = context;
        this.bucket = bucket;
        this.lastHeardNanos = nowNanos;
        this.idleSinceNanos = nowNanos;
    }

    String id() {
        return id;
    }

    Context context() {
        return context;
    }

    /**
     * Queues a message to this peer from any thread. A peer whose write queue is full is not buffered further:
     * it is closed as a slow consumer, and the message is not delivered (returns false).
     */
    boolean send(Buffer message) {
        if (closing.get()) {
            return false;
        }
        try {
            if (socket.writeQueueFull()) {
                close(CloseCodes.SLOW_CONSUMER, "slow consumer");
                return false;
            }
            socket.writeFrame(Frames.text(message));
            return true;
        } catch (IllegalStateException closedMeanwhile) {
            // The client closed between our check and the write; its close handler cleans up.
            return false;
        }
    }

    void ping() {
        if (!closing.get()) {
            try {
                socket.writePing(Buffer.buffer());
            } catch (IllegalStateException closedMeanwhile) {
                // nothing to ping any more
            }
        }
    }

    /**
     * Starts the close handshake, and drops the TCP connection if it has not ended within {@link #CLOSE_GRACE_MS}.
     * Without that backstop a peer that reads nothing would never see our close frame (it waits behind the unread
     * data) and would hold its connection and its queued bytes forever.
     */
    void close(short code, String reason) {
        if (closing.compareAndSet(false, true)) {
            try {
                socket.close(code, reason);
            } catch (IllegalStateException alreadyClosed) {
                return;
            }
            context.owner().setTimer(CLOSE_GRACE_MS, id -> {
                if (channel.isActive()) {
                    channel.close();
                }
            });
        }
    }

    boolean isClosing() {
        return closing.get();
    }

    Room room(String name) {
        for (Room room : rooms) {
            if (room.name().equals(name)) {
                return room;
            }
        }
        return null;
    }

    /** Keeps the idle clock right: it runs only while the peer is in no room and unbound. */
    void updateIdle(long nowNanos) {
        boolean idle = rooms.isEmpty() && binding == null;
        if (!idle) {
            idleSinceNanos = 0;
        } else if (idleSinceNanos == 0) {
            idleSinceNanos = nowNanos;
        }
    }
}

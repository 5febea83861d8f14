package dev.hourglass.signaling;

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

    private final String id;
    private final ServerWebSocket socket;
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

    Peer(String id, ServerWebSocket socket, Context context, TokenBucket bucket, long nowNanos) {
        this.id = id;
        this.socket = socket;
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
        if (socket.writeQueueFull()) {
            close(CloseCodes.SLOW_CONSUMER, "slow consumer");
            return false;
        }
        socket.writeFrame(Frames.text(message));
        return true;
    }

    void ping() {
        if (!closing.get()) {
            socket.writePing(Buffer.buffer());
        }
    }

    void close(short code, String reason) {
        if (closing.compareAndSet(false, true)) {
            socket.close(code, reason);
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

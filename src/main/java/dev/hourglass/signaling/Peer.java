package dev.hourglass.signaling;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
    /** Touched only on the channel's event loop. */
    private boolean flushScheduled;
    private final Runnable flush;

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
        this.flush = () -> {
            flushScheduled = false;
            channel.flush();
        };
        this.context = context;
        this.bucket = bucket;
        this.lastHeardNanos = nowNanos;
        this.idleSinceNanos = nowNanos;
    }

    String id() {
        return id;
    }

    /**
     * Queues a message to this peer from any thread. A peer whose write queue is full is not buffered further:
     * it is closed as a slow consumer, and the message is not delivered (returns false). The buffer may go to
     * many peers: each write takes its own slice of it.
     */
    boolean send(Buffer message) {
        if (closing.get()) {
            return false;
        }
        if (!channel.isWritable()) {
            close(CloseCodes.SLOW_CONSUMER, "slow consumer");
            return false;
        }
        if (channel.eventLoop().inEventLoop()) {
            // Same event loop: write now, flush once at the end of this event-loop turn, so that every message
            // relayed to this peer while the loop works through its reads leaves in one system call.
            channel.write(new TextWebSocketFrame(message.getByteBuf()), channel.voidPromise());
            if (!flushScheduled) {
                flushScheduled = true;
                channel.eventLoop().execute(flush);
            }
            return true;
        }
        try {
            // Another event loop: Vert.x hands the write to the peer's loop, where queued writes share one flush.
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

    /** The connection is gone (its close handler ran): nothing more is sent to it, nothing is left to close. */
    void markClosed() {
        closing.set(true);
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

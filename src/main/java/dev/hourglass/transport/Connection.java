package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection, whatever its endpoint: the write path, the close with its backstop, the rate limit and
 * the liveness clocks. Endpoints extend it with their own per-connection state. Its fields are touched only on its
 * own event loop, except those marked volatile (read by the liveness sweep) and {@link #send}, which any thread may
 * call to deliver to it.
 */
public abstract class Connection {

    /** How long a close handshake may take before the TCP connection is dropped. */
    static final long CLOSE_GRACE_MS = 3000;

    private final String id;
    private final ServerWebSocket socket;
    private final Channel channel;
    private final Context context;
    private final WebSocketTransport.Inbound<?> inbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The code of the close the server started, or 0 (the client's, or none yet). */
    private volatile short closedWith;
    /** Touched only on the channel's event loop. */
    private boolean flushScheduled;
    private final Runnable flush;

    final TokenBucket bucket;
    int rateStrikes;
    /** Frames of a fragmented message, until its final frame; and whether that message is binary. */
    Buffer fragments;
    boolean fragmentsBinary;

    /** Messages that arrived while an earlier one was still being served (see {@link #suspend}), in order. */
    private ArrayDeque<Message> held;
    private int heldBytes;
    private int suspensions;

    /** Last time anything (a message, a pong) arrived. */
    volatile long lastHeardNanos;
    /** Since when the connection has had nothing to wait for (see {@link #setIdle}); 0 while it has. */
    volatile long idleSinceNanos;

    protected Connection(Upgraded upgraded) {
        this.id = upgraded.id();
        this.socket = upgraded.socket();
        this.channel = upgraded.channel();
        this.context = upgraded.context();
        this.inbound = upgraded.inbound();
        this.flush = () -> {
            flushScheduled = false;
            channel.flush();
        };
        this.bucket = upgraded.bucket();
        this.lastHeardNanos = upgraded.nowNanos();
        this.idleSinceNanos = upgraded.nowNanos();
    }

    public final String id() {
        return id;
    }

    /** Queues a text message to this connection from any thread; see {@link #write}. */
    public final boolean send(Buffer message) {
        return write(message, false);
    }

    /** Queues a binary message to this connection from any thread; see {@link #write}. */
    public final boolean sendBinary(Buffer message) {
        return write(message, true);
    }

    /**
     * A connection whose write queue is full is not buffered further: it is closed as a slow consumer, and the
     * message is not delivered (returns false). The buffer may go to many connections: each write takes its own view of it.
     */
    private boolean write(Buffer message, boolean binary) {
        if (closing.get()) {
            return false;
        }
        if (!channel.isWritable()) {
            close(CloseCodes.SLOW_CONSUMER, "slow consumer");
            return false;
        }
        if (channel.eventLoop().inEventLoop()) {
            // Same event loop: write now, flush once at the end of this event-loop turn, so that every message
            // relayed to this connection while the loop works through its reads leaves in one system call.
            ByteBuf bytes = Buffers.forWrite(message);
            WebSocketFrame frame = binary ? new BinaryWebSocketFrame(bytes) : new TextWebSocketFrame(bytes);
            channel.write(frame, channel.voidPromise());
            inbound.stats.messagesSent.increment();
            if (!flushScheduled) {
                flushScheduled = true;
                channel.eventLoop().execute(flush);
            }
            return true;
        }
        try {
            // Another thread: Vert.x hands the write to the connection's loop, where queued writes share one flush.
            // Vert.x's public API makes text frames only from a String; the implementation class takes the bytes.
            socket.writeFrame(new WebSocketFrameImpl(binary ? WebSocketFrameType.BINARY : WebSocketFrameType.TEXT,
                    message.getByteBuf(), true));
            inbound.stats.messagesSent.increment();
            return true;
        } catch (IllegalStateException closedMeanwhile) {
            // The client closed between our check and the write; its close handler cleans up.
            return false;
        }
    }

    final void ping() {
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
     * data) and would hold its connection and its queued bytes forever. Any thread.
     */
    public final void close(short code, String reason) {
        if (closing.compareAndSet(false, true)) {
            closedWith = code;
            try {
                socket.close(code, reason);
            } catch (IllegalStateException alreadyClosed) {
                return;
            }
            context.owner().setTimer(CLOSE_GRACE_MS, timer -> {
                if (channel.isActive()) {
                    channel.close();
                }
            });
        }
    }

    /**
     * The connection is gone (its close handler ran): nothing more is sent to it, nothing is left to close. Returns
     * the code of the close the server started, or 0 when the client (or the network) ended it.
     */
    final short markClosed() {
        closing.set(true);
        held = null;
        fragments = null;
        return closedWith;
    }

    public final boolean isClosing() {
        return closing.get();
    }

    /** Runs the task on this connection's event loop: now if already there, else queued behind what it has to do. */
    public final void onOwnLoop(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    public final Context context() {
        return context;
    }

    /**
     * Keeps the idle clock right: it runs only while the connection has nothing to wait for (for /ws: no room and no
     * binding). Own event loop.
     */
    public final void setIdle(boolean idle, long nowNanos) {
        if (!idle) {
            idleSinceNanos = 0;
        } else if (idleSinceNanos == 0) {
            idleSinceNanos = nowNanos;
        }
    }

    /**
     * The message being served waits for something elsewhere (the cluster, the registration store): the messages
     * after it are held, in order, until {@link #resume}. Own event loop.
     */
    public final void suspend() {
        suspensions++;
    }

    /** One {@link #suspend} is over; when none is left, the held messages are served in order. Own event loop. */
    public final void resume() {
        if (suspensions > 0) {
            suspensions--;
        }
        if (suspensions == 0) {
            inbound.drainHeld(this);
        }
    }

    final boolean suspended() {
        return suspensions > 0;
    }

    /** Holds a message while suspended; false when that would pass the cap on held bytes. */
    final boolean hold(Message message, int maxBytes) {
        if (heldBytes + message.bytes().length() > maxBytes) {
            return false;
        }
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(message);
        heldBytes += message.bytes().length();
        return true;
    }

    /** The oldest held message, taken off the queue, or null. */
    final Message pollHeld() {
        Message next = held == null ? null : held.poll();
        if (next != null) {
            heldBytes -= next.bytes().length();
        }
        return next;
    }
}

package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection, whatever its endpoint: the write path, the close with its backstop, the rate limit and
 * the liveness clocks. Endpoints extend it with their own per-connection state. Its fields are touched only on its
 * own event loop, except those marked volatile (read by the liveness sweep) and {@link #send}, which any thread may
 * call to deliver to it.
 */
public abstract class Connection {

    /** How long a close handshake may take before the TCP connection is dropped. */
    static final long CLOSE_GRACE_MS = 3000;

    private static final VarHandle CLOSING;
    private static final VarHandle HANDED_OVER;

    static {
        try {
            CLOSING = MethodHandles.lookup().findVarHandle(Connection.class, "closing", boolean.class);
            HANDED_OVER = MethodHandles.lookup().findVarHandle(Connection.class, "handedOverBytes", int.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final String id;
    private final Channel channel;
    /** The event loop's own context (not the upgrade request's duplicate, which carried a map of its own). */
    private final ContextInternal context;
    private final WebSocketTransport.Inbound<?> inbound;
    /** Set once, by whoever starts the close (either side); nothing is written after it. Through {@link #CLOSING}. */
    private volatile boolean closing;
    /** The code of the close the server started, or 0 (the client's, or none yet). */
    private volatile short closedWith;
    /**
     * Bytes that other threads have handed to this connection's loop and that it has not written yet. The channel's
     * write queue does not count them until then. Through {@link #HANDED_OVER}.
     */
    private volatile int handedOverBytes;
    /** Touched only on the channel's event loop. */
    private boolean flushScheduled;
    /** Whether the close frame has gone into the channel: nothing may follow it. Own event loop only. */
    private boolean closeFrameWritten;
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
     * Queues a message encoded once for many connections (see {@link Outgoing}) from any thread; a connection whose
     * write queue is full is closed instead, as with {@link #send(Buffer)}.
     */
    public final boolean send(Outgoing message) {
        return admits() && queue(message.frameForWrite());
    }

    private boolean write(Buffer message, boolean binary) {
        if (!admits()) {
            return false;
        }
        ByteBuf bytes = Buffers.forWrite(message);
        return queue(binary ? new BinaryWebSocketFrame(bytes) : new TextWebSocketFrame(bytes));
    }

    /**
     * A connection whose write queue is full is not buffered further: it is closed as a slow consumer, and the
     * message is not delivered (false). The message may go to many connections: each write takes its own view of it.
     */
    private boolean admits() {
        if (closing) {
            return false;
        }
        if (!channel.isWritable()) {
            return refusedAsSlowConsumer();
        }
        return true;
    }

    private boolean refusedAsSlowConsumer() {
        close(CloseCodes.SLOW_CONSUMER, "slow consumer");
        return false;
    }

    /**
     * A frame (a Netty frame object, or the bytes of a whole encoded frame) holding its own reference. From another
     * thread the write moves to the connection's loop, where the writes queued there share a flush. Until the loop
     * has written them, the channel's write queue does not count those bytes, so a busy loop could pile them up in
     * its task queue without limit. They are bounded here against the same limit: what is handed over and not yet
     * written, together with the write queue, may not pass it. As on the loop, the first message always fits.
     */
    private boolean queue(Object frame) {
        if (channel.eventLoop().inEventLoop()) {
            inbound.stats.messagesSent.increment();
            writeOnLoop(frame);
            return true;
        }
        // Sized as the channel's write queue will count it once written.
        int bytes = channel.config().getMessageSizeEstimator().newHandle().size(frame);
        int before = (int) HANDED_OVER.getAndAdd(this, bytes);
        if (before > 0 && before + bytes > channel.bytesBeforeUnwritable()) {
            HANDED_OVER.getAndAdd(this, -bytes);
            ReferenceCountUtil.release(frame);
            return refusedAsSlowConsumer();
        }
        inbound.stats.messagesSent.increment();
        channel.eventLoop().execute(() -> {
            HANDED_OVER.getAndAdd(this, -bytes);
            writeOnLoop(frame);
        });
        return true;
    }

    /** The pool a message encoded on this connection's loop is taken from: its channel's. */
    final ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /**
     * Writes now and flushes once at the end of this event-loop turn, so that every message written to this
     * connection while the loop works through its reads and tasks leaves in one system call.
     */
    private void writeOnLoop(Object frame) {
        if (closeFrameWritten) {
            ReferenceCountUtil.release(frame);
            return;
        }
        channel.write(frame, channel.voidPromise());
        flushAtEndOfTurn();
    }

    /** What was written to this connection in this event-loop turn leaves at its end, in one system call. Own loop. */
    final void flushAtEndOfTurn() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flush);
        }
    }

    /** Any thread. Written on the connection's loop, like every frame, so that none can follow the close frame. */
    final void ping() {
        if (!closing) {
            onOwnLoop(() -> writeOnLoop(new PingWebSocketFrame()));
        }
    }

    /** The answer to a client's ping, with the ping's payload (whose reference it takes). Own event loop. */
    final void pong(ByteBuf payload) {
        if (closing) {
            payload.release();
            return;
        }
        writeOnLoop(new PongWebSocketFrame(payload));
    }

    /**
     * Starts the close handshake, and drops the TCP connection if it has not ended within {@link #CLOSE_GRACE_MS}.
     * Without that backstop a peer that reads nothing would never see our close frame (it waits behind the unread
     * data) and would hold its connection and its queued bytes forever. Any thread.
     */
    public final void close(short code, String reason) {
        if (CLOSING.compareAndSet(this, false, true)) {
            closedWith = code;
            // On the connection's loop, behind the writes queued there before it: what was accepted goes out first.
            onOwnLoop(() -> writeClose(new CloseWebSocketFrame(code, reason), false));
            channel.eventLoop().schedule(() -> {
                if (channel.isActive()) {
                    channel.close();
                }
            }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the close frame, the connection's last, and ends the TCP connection after it if asked. Own event loop. */
    private void writeClose(CloseWebSocketFrame frame, boolean thenEnd) {
        closeFrameWritten = true;
        ChannelFuture written = channel.writeAndFlush(frame);
        if (thenEnd) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The client's close frame (its code, or -1 when it gave none). Its answer to ours ends the TCP connection; a close
     * the client started is answered with its code (not its reason: the server sends back nothing of the client's),
     * and the server then ends the TCP connection, as RFC 6455 7.1.1 asks of a server. Own event loop.
     */
    final void closeReceived(int code) {
        if (CLOSING.compareAndSet(this, false, true)) {
            writeClose(code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, ""), true);
        } else {
            channel.close();
        }
    }

    /**
     * A failure on the channel ends the connection. A frame the decoder refused carries its own close code (1009 for a
     * frame over the cap) and is answered with it; anything else but an I/O error is 1008. An I/O error means the client
     * or the network broke the connection: the channel is closed and it counts as the client's close. Own event loop.
     */
    final void failed(Throwable failure) {
        if (!channel.isActive() || failure instanceof IOException) {
            channel.close();
            return;
        }
        short code = failure instanceof CorruptedWebSocketFrameException corrupted
                ? (short) corrupted.closeStatus().code() : CloseCodes.POLICY_VIOLATION;
        if (CLOSING.compareAndSet(this, false, true)) {
            closedWith = code;
            writeClose(new CloseWebSocketFrame(code, "protocol error"), true);
        } else {
            channel.close();
        }
    }

    /**
     * The connection is gone (its close handler ran): nothing more is sent to it, nothing is left to close. Returns
     * the code of the close the server started, or 0 when the client (or the network) ended it.
     */
    final short markClosed() {
        closing = true;
        held = null;
        fragments = null;
        return closedWith;
    }

    public final boolean isClosing() {
        return closing;
    }

    /** Runs the task on this connection's event loop: now if already there, else queued behind what it has to do. */
    public final void onOwnLoop(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    public final ContextInternal context() {
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

    /**
     * Holds a copy of a message while suspended (the message's own bytes are its frame's, valid while it is served);
     * false when that would pass the cap on held bytes.
     */
    final boolean hold(Message message, int maxBytes) {
        if (heldBytes + message.bytes().length() > maxBytes) {
            return false;
        }
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(new Message(Buffer.buffer(message.bytes().getBytes()), message.binary()));
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

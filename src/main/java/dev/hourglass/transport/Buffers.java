package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;

/**
 * A Vert.x buffer's bytes without the two objects {@link Buffer#getByteBuf()} makes on each call (a slice, and a
 * wrapper that ignores release). A relayed message's bytes are read, then copied into the frame its recipients share
 * ({@link Outgoing}); a server message is written to each of its recipients: those objects were a tenth of what a
 * relayed message allocated.
 */
public final class Buffers {

    private Buffers() {
    }

    /**
     * The buffer's own bytes, to read in place: its readable bytes are the message. The caller must neither move its
     * indices nor release it; a view that outlives the call is made with {@code slice} or {@link #forWrite}.
     */
    public static ByteBuf readable(Buffer buffer) {
        // BufferImpl is Vert.x's one implementation; its byteBuf() is public and returns the buffer it holds.
        return buffer instanceof BufferImpl bytes ? bytes.byteBuf() : buffer.getByteBuf();
    }

    /**
     * A view of the buffer's bytes for one frame to one connection: its own indices (the encoder reads through them)
     * and one reference of its own, which the channel releases after the write, so the same buffer can go to many
     * connections and is never freed under another one's write.
     */
    static ByteBuf forWrite(Buffer buffer) {
        return buffer instanceof BufferImpl bytes ? bytes.byteBuf().retainedDuplicate() : buffer.getByteBuf();
    }
}

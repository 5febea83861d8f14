package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;

/**
 * A Vert.x buffer's bytes without the two objects {@link Buffer#getByteBuf()} makes on each call (a slice, and a
 * wrapper that ignores release). A relayed message's bytes are read, then copied into the frame its recipients share
 * ({@link Outgoing}); a server message is written to each of its recipients: those objects were a tenth of what a
 * relayed message allocated.
 */
public final class Buffers {

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[4096];
        }
    };

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
     * The readable bytes of a buffer without an array (a frame's pooled direct memory), copied to the start of this
     * thread's scratch array, which is returned: valid until the next call on this thread, and possibly longer than the
     * bytes. A parser that needs an array reads them there, with no array made per message.
     */
    public static byte[] scratchCopy(ByteBuf bytes) {
        int length = bytes.readableBytes();
        byte[] scratch = SCRATCH.get();
        if (scratch.length < length) {
            // Grows to the largest message this thread has read, within the transport's cap on a message's size.
            scratch = new byte[Math.max(length, scratch.length * 2)];
            SCRATCH.set(scratch);
        }
        bytes.getBytes(bytes.readerIndex(), scratch, 0, length);
        return scratch;
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

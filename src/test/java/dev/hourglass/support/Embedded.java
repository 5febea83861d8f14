package dev.hourglass.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;

/**
 * A message as a frame's bytes may arrive: a view inside a larger array, with other bytes on either side (what a reader
 * must not look past), or pooled direct memory.
 */
public final class Embedded {

    private Embedded() {
    }

    /**
     * The message in pooled direct memory, as a frame's payload arrives from Netty's decoder (no array to read in
     * place). The caller releases it with {@link #release}.
     */
    public static Buffer pooled(byte[] message) {
        ByteBuf bytes = PooledByteBufAllocator.DEFAULT.directBuffer(message.length);
        bytes.writeBytes(message);
        return Buffer.buffer(bytes);
    }

    public static void release(Buffer pooled) {
        ((BufferImpl) pooled).byteBuf().release();
    }

    public static Buffer between(byte[] before, byte[] message, byte[] after) {
        byte[] around = new byte[before.length + message.length + after.length];
        System.arraycopy(before, 0, around, 0, before.length);
        System.arraycopy(message, 0, around, before.length, message.length);
        System.arraycopy(after, 0, around, before.length + message.length, after.length);
        return Buffer.buffer(Unpooled.wrappedBuffer(around, before.length, message.length));
    }
}

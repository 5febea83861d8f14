package dev.hourglass.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.util.function.Function;

/**
 * A message as a frame's bytes may arrive: a view inside a larger array, with other bytes on either side (what a reader
 * must not look past), or pooled direct memory.
 */
public final class Embedded {

    private Embedded() {
    }

    /**
     * What {@code read} makes of the message in pooled direct memory, as a frame's payload arrives from Netty's decoder
     * (no array to read in place), read right after an earlier message read the same way: a reader that copies such
     * bytes into a scratch array may find the earlier one's bytes past the message's end.
     */
    public static <T> T readPooledAfter(byte[] earlier, byte[] message, Function<Buffer, T> read) {
        ByteBuf before = pooled(earlier);
        ByteBuf bytes = pooled(message);
        try {
            read.apply(Buffer.buffer(before));
            return read.apply(Buffer.buffer(bytes));
        } finally {
            before.release();
            bytes.release();
        }
    }

    private static ByteBuf pooled(byte[] message) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(message.length).writeBytes(message);
    }

    public static Buffer between(byte[] before, byte[] message, byte[] after) {
        byte[] around = new byte[before.length + message.length + after.length];
        System.arraycopy(before, 0, around, 0, before.length);
        System.arraycopy(message, 0, around, before.length, message.length);
        System.arraycopy(after, 0, around, before.length + message.length, after.length);
        return Buffer.buffer(Unpooled.wrappedBuffer(around, before.length, message.length));
    }
}

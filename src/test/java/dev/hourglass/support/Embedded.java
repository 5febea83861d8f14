package dev.hourglass.support;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/** A message as a view inside a larger array, with other bytes on either side: what a reader must not look past. */
public final class Embedded {

    private Embedded() {
    }

    public static Buffer between(byte[] before, byte[] message, byte[] after) {
        byte[] around = new byte[before.length + message.length + after.length];
        System.arraycopy(before, 0, around, 0, before.length);
        System.arraycopy(message, 0, around, before.length, message.length);
        System.arraycopy(after, 0, around, before.length + message.length, after.length);
        return Buffer.buffer(Unpooled.wrappedBuffer(around, before.length, message.length));
    }
}

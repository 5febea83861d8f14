package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.buffer.Buffer;

/**
 * A relayed text message encoded once as a whole WebSocket frame, for any number of connections. A server's frames
 * carry no mask (RFC 6455 5.1), so the frame's bytes are the same for every recipient: each write takes a view of them
 * and a reference of its own, and Netty's frame encoder lets the bytes through as they are. Before this, each recipient's
 * write made a frame object and a view of a two-part message, and the encoder copied that message into a frame of its
 * own; a message to nine peers was encoded nine times.
 *
 * <p>The bytes are pooled direct memory (the memory a socket write reads from): whoever makes an {@code Outgoing}
 * closes it once the writes are queued, and the memory goes back to the pool when the last write is done. Nothing
 * else may keep it; {@link #payload} is a copy for what does (a publication to the other instances).
 */
public final class Outgoing implements AutoCloseable {

    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final byte[] EMPTY = new byte[0];

    private final ByteBuf frame;
    private final int payloadStart;

    private Outgoing(ByteBuf frame, int payloadStart) {
        this.frame = frame;
        this.payloadStart = payloadStart;
    }

    /** A text message: {@code head}, then the bytes of {@code body} from {@code from} on. */
    public static Outgoing text(Connection sender, byte[] head, Buffer body, int from) {
        return encode(sender.alloc(), head, body, from, body.length() - from, EMPTY);
    }

    /** A text message: the bytes of {@code body} before {@code until}, then {@code tail}. */
    public static Outgoing text(Connection sender, Buffer body, int until, byte[] tail) {
        return encode(sender.alloc(), EMPTY, body, 0, until, tail);
    }

    /** {@code head}, {@code length} bytes of {@code body} from {@code offset}, then {@code tail}, as one text frame. */
    static Outgoing encode(ByteBufAllocator alloc, byte[] head, Buffer body, int offset, int length, byte[] tail) {
        long payloadLength = (long) head.length + length + tail.length;
        // RFC 6455 5.2: a 7-bit length, or 126 and 16 bits, or 127 and 64 bits; the shortest form that fits.
        int headerLength = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.directBuffer(headerLength + (int) payloadLength);
        frame.writeByte(FIN | TEXT);
        if (payloadLength < 126) {
            frame.writeByte((int) payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort((int) payloadLength);
        } else {
            frame.writeByte(127);
            frame.writeLong(payloadLength);
        }
        ByteBuf bytes = Buffers.readable(body);
        frame.writeBytes(head);
        frame.writeBytes(bytes, bytes.readerIndex() + offset, length);
        frame.writeBytes(tail);
        return new Outgoing(frame, headerLength);
    }

    /** The frame for one write: its own indices and its own reference, which the channel releases after the write. */
    ByteBuf frameForWrite() {
        return frame.retainedDuplicate();
    }

    /** The message's bytes without the frame's header, copied to the heap: a buffer that may be kept. */
    public Buffer payload() {
        byte[] copy = new byte[frame.writerIndex() - payloadStart];
        frame.getBytes(payloadStart, copy);
        return Buffer.buffer(copy);
    }

    /** Releases the maker's reference; the writes queued hold their own. */
    @Override
    public void close() {
        frame.release();
    }
}

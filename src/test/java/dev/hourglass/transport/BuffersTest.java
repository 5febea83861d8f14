package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A buffer's bytes, read in place and written to many connections: each write's view has its own indices and its own
 * reference, so however the writes end (each released once, as the channel does), the buffer and its bytes remain.
 */
class BuffersTest {

    @Test
    void aReferenceCountedBufferOutlivesEveryWriteOfIt() {
        // A Vert.x buffer may wrap any reference-counted buffer, a two-part one among them.
        ByteBuf composite = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes("{\"from\":\"a\",")), Unpooled.wrappedBuffer(bytes("\"x\":1}")));
        Buffer message = Buffer.buffer(composite);
        ByteBuf[] writes = new ByteBuf[5];
        for (int i = 0; i < writes.length; i++) {
            writes[i] = Buffers.forWrite(message);
        }
        assertThat(composite.refCnt()).isEqualTo(1 + writes.length);
        for (ByteBuf write : writes) {
            // What the encoder does: read the bytes through the view's indices, then release it.
            assertThat(write.readCharSequence(write.readableBytes(), StandardCharsets.UTF_8).toString()).isEqualTo("{\"from\":\"a\",\"x\":1}");
            write.release();
        }
        assertThat(composite.refCnt()).isEqualTo(1);
        assertThat(message.toString()).isEqualTo("{\"from\":\"a\",\"x\":1}");
    }

    @Test
    void aVertxBufferIsReadInPlaceAndWrittenThroughViews() {
        Buffer message = Buffer.buffer("{\"type\":\"ping\"}");
        ByteBuf readable = Buffers.readable(message);
        assertThat(readable.readableBytes()).isEqualTo(message.length());
        assertThat(Buffers.readable(message)).isSameAs(readable);
        ByteBuf write = Buffers.forWrite(message);
        write.skipBytes(write.readableBytes());
        write.release();
        assertThat(readable.readerIndex()).isZero();
        assertThat(message.toString()).isEqualTo("{\"type\":\"ping\"}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.IllegalReferenceCountException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A message encoded once is one whole text frame a client's WebSocket decoder (Netty's, as a client configures it) reads as
 * the message, at every length form RFC 6455 has; and its pooled bytes are freed exactly when the maker and every
 * write have let go of them.
 */
class OutgoingTest {

    private static final PooledByteBufAllocator POOL = new PooledByteBufAllocator(true);

    /** Lengths at each edge of the 7-bit, 16-bit and 64-bit length forms, with the head and tail's 10 bytes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 115, 116, 125, 126, 65_525, 65_526, 65_536, 70_000})
    void aClientsDecoderReadsTheWholeMessageAsOneFrame(int bodyLength) {
        byte[] body = randomBytes(bodyLength + 7, bodyLength);
        byte[] head = "{\"from\":".getBytes();
        byte[] tail = "}\n".getBytes();
        // The body's bytes from offset 7 on, as a stamped message takes the original's members after its brace.
        try (Outgoing out = Outgoing.encode(POOL, head, Buffer.buffer(body), 7, bodyLength, tail)) {
            byte[] expected = concat(head, Arrays.copyOfRange(body, 7, 7 + bodyLength), tail);
            WebSocketFrame frame = decode(out.frameForWrite());
            try {
                assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
                assertThat(frame.isFinalFragment()).isTrue();
                assertThat(frame.rsv()).isZero();
                assertThat(ByteBufUtil.getBytes(frame.content())).isEqualTo(expected);
            } finally {
                frame.release();
            }
            assertThat(out.payload().getBytes()).isEqualTo(expected);
        }
    }

    @Test
    void thePooledBytesAreFreedWhenTheMakerAndEveryWriteHaveLetGo() {
        Outgoing out = Outgoing.encode(POOL, new byte[0], Buffer.buffer("{\"type\":\"signal\"}"), 0, 17, new byte[0]);
        ByteBuf[] writes = new ByteBuf[3];
        for (int i = 0; i < writes.length; i++) {
            writes[i] = out.frameForWrite();
        }
        Buffer kept = out.payload();
        out.close();
        for (int i = 0; i < writes.length; i++) {
            // Each write reads through its own indices, as the channel does, then releases its reference.
            assertThat(writes[i].readableBytes()).isEqualTo(2 + 17);
            writes[i].skipBytes(writes[i].readableBytes());
            writes[i].release();
            if (i < writes.length - 1) {
                // Still held by the writes not done yet: one more view can still be taken (and let go).
                out.frameForWrite().release();
            }
        }
        // The last reference is gone: the bytes are back in the pool, and no view of them can be taken any more.
        assertThatThrownBy(out::frameForWrite).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(kept.toString()).isEqualTo("{\"type\":\"signal\"}");
    }

    private static WebSocketFrame decode(ByteBuf bytes) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        assertThat(client.writeInbound(bytes)).isTrue();
        WebSocketFrame frame = client.readInbound();
        assertThat((Object) client.readInbound()).as("nothing after the one frame").isNull();
        assertThat(client.finish()).isFalse();
        return frame;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

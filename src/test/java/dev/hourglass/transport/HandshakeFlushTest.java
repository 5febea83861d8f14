package dev.hourglass.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake's 101 waits for the connection's first frames and leaves with them, through Netty's own handshaker on
 * a pipeline shaped as Vert.x's HTTP/1 server shapes it (its decoder and encoder by these names); an answer instead of
 * the upgrade is not held, and a held 101 still leaves before a close.
 */
class HandshakeFlushTest {

    /** A server text frame of "hi", as {@link Outgoing} writes it: plain bytes, which an HTTP encoder refuses. */
    private static final byte[] FRAME = {(byte) 0x81, 2, 'h', 'i'};

    @Test
    void theHandshakeWaitsForTheFirstFrameAndBothLeaveInOneFlush() {
        EmbeddedChannel channel = httpChannel();
        HandshakeFlush.hold(channel);
        ChannelFuture handshake = handshaker().handshake(channel, upgradeRequest());

        assertThat(channel.outboundMessages()).as("nothing flushed while the handshake is held").isEmpty();
        assertThat(handshake.isDone()).isFalse();

        HandshakeFlush.open(channel);
        ChannelFuture frameWrite = channel.write(Unpooled.wrappedBuffer(FRAME));
        assertThat(channel.outboundMessages()).isEmpty();
        channel.flush();

        assertThat(frameWrite.isSuccess()).as("the frame passed what is left of the HTTP encoder").isTrue();
        assertThat(handshake.isSuccess()).isTrue();
        String sent = new String(drain(channel), StandardCharsets.ISO_8859_1);
        assertThat(sent).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .endsWith("\r\n\r\n" + new String(FRAME, StandardCharsets.ISO_8859_1));
        assertThat(channel.pipeline().names()).as("the handshake's encoder and the hold are gone")
                .doesNotContain("httpEncoder", "hourglass-handshake-flush");
        channel.finishAndReleaseAll();
    }

    @Test
    void anAnswerInsteadOfTheUpgradeIsNotHeld() {
        EmbeddedChannel channel = httpChannel();
        HandshakeFlush.hold(channel);

        channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE));

        assertThat(new String(drain(channel), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
        HandshakeFlush.release(channel);
        assertThat(channel.pipeline().names()).doesNotContain("hourglass-handshake-flush");
        channel.finishAndReleaseAll();
    }

    @Test
    void aCloseWhileTheHandshakeIsHeldSendsItFirst() {
        EmbeddedChannel channel = httpChannel();
        HandshakeFlush.hold(channel);
        handshaker().handshake(channel, upgradeRequest());
        assertThat(channel.outboundMessages()).isEmpty();

        channel.close();

        assertThat(new String(drain(channel), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        channel.finishAndReleaseAll();
    }

    private static EmbeddedChannel httpChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
        channel.pipeline().addLast("httpEncoder", new HttpResponseEncoder());
        return channel;
    }

    private static WebSocketServerHandshaker handshaker() {
        return new WebSocketServerHandshakerFactory("ws://localhost/ws", null, false).newHandshaker(upgradeRequest());
    }

    private static FullHttpRequest upgradeRequest() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set("Host", "localhost").set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13");
        return request;
    }

    private static byte[] drain(EmbeddedChannel channel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
            byte[] chunk = new byte[out.readableBytes()];
            out.readBytes(chunk);
            bytes.writeBytes(chunk);
        }
        return bytes.toByteArray();
    }
}

package dev.hourglass.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Holds the handshake's 101 response in the channel until the connection's first frames join it, so that both leave
 * in one write. Vert.x flushes the 101 on its own; a server that then greets the client (the welcome on {@code /ws})
 * would make a second system call, and the client a second wake-up, for every connection a reconnect storm brings.
 *
 * <p>The hold sits next to the pipeline's head from just before the handshake until the connection opens, and
 * swallows only flushes: the 101 is written (encoded into the channel's queue) at once. A close on the way flushes
 * first, so whatever was answered instead of the upgrade (a 400, a 413) still reaches the client before the close.
 */
@Sharable
final class HandshakeFlush extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "hourglass-handshake-flush";
    private static final HandshakeFlush HOLD = new HandshakeFlush();
    /**
     * Stands in for the HTTP response encoder until the handshake's write is done: Netty's handshaker removes the
     * encoder by name then, and a frame written before that must not meet it (a server frame written as plain bytes
     * is an error to an HTTP encoder that has finished its response).
     */
    private static final ChannelOutboundHandlerAdapter ENCODER_DONE = new PassThrough();

    private HandshakeFlush() {
    }

    /** From now on the channel's flushes wait for {@link #release}. Its event loop. */
    static void hold(Channel channel) {
        channel.pipeline().addFirst(NAME, HOLD);
    }

    /**
     * The connection is open: frames may follow the 101, and the connection's first flush takes both. Its event loop,
     * before anything is written to the connection.
     */
    static void open(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext encoder = pipeline.context(HttpResponseEncoder.class);
        if (encoder != null) {
            pipeline.replace(encoder.name(), encoder.name(), ENCODER_DONE);
        }
        if (pipeline.get(NAME) != null) {
            pipeline.remove(NAME);
        }
    }

    /** The upgrade failed: what was answered instead leaves now. Its event loop. */
    static void release(Channel channel) {
        if (channel.pipeline().get(NAME) != null) {
            channel.pipeline().remove(NAME);
        }
        channel.flush();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // held until the connection opens (or the upgrade fails)
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.flush();
        ctx.close(promise);
    }

    @Sharable
    private static final class PassThrough extends ChannelOutboundHandlerAdapter {
    }
}

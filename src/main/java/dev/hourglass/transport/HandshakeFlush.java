package dev.hourglass.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Holds the handshake's 101 response in the channel until the connection's first frames join it, so that both leave
 * in one write. Vert.x flushes the 101 on its own; a server that then greets the client (the welcome on {@code /ws})
 * would make a second system call, and the client a second wake-up, for every connection a reconnect storm brings.
 *
 * <p>It sits in front of the HTTP response encoder from just before the handshake until the connection opens. Once
 * the 101 has gone by (encoded into the channel's queue at once), it swallows flushes; any other answer (a refusal
 * instead of the upgrade) is not held. A close flushes first, so a 101 held on a connection that closes still leaves.
 */
final class HandshakeFlush extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "hourglass-handshake-flush";
    /**
     * Stands in for the HTTP response encoder until the handshake's write is done: Netty's handshaker removes the
     * encoder by name then, and a frame written before that must not meet it (a server frame written as plain bytes
     * is an error to an HTTP encoder that has finished its response).
     */
    private static final ChannelOutboundHandlerAdapter ENCODER_DONE = new PassThrough();

    /** Whether the 101 has been written: from then on flushes wait for {@link #open}. */
    private boolean switched;

    private HandshakeFlush() {
    }

    /** The upgrade is about to be answered: a 101 will wait for {@link #open}. Its event loop. */
    static void hold(Channel channel) {
        ChannelHandlerContext encoder = channel.pipeline().context(HttpResponseEncoder.class);
        if (encoder != null) {
            channel.pipeline().addAfter(encoder.name(), NAME, new HandshakeFlush());
        }
    }

    /**
     * The connection is open: frames may follow the 101, and the connection's first flush takes both. Its event loop,
     * before anything is written to the connection.
     */
    static void open(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        removeHold(pipeline);
        ChannelHandlerContext encoder = pipeline.context(HttpResponseEncoder.class);
        if (encoder != null) {
            pipeline.replace(encoder.name(), encoder.name(), ENCODER_DONE);
        }
    }

    /** The upgrade failed: nothing is held any more. Its event loop. */
    static void release(Channel channel) {
        removeHold(channel.pipeline());
        channel.flush();
    }

    private static void removeHold(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) != null) {
            pipeline.remove(NAME);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            switched = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!switched) {
            ctx.flush();
        }
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

package dev.hourglass.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * The end of a connection's Netty pipeline once its upgrade is done. It takes the place of Vert.x's handler, so that
 * frames go from Netty's decoder to the connection without Vert.x's WebSocket layer: an idle connection held about
 * 1.6 KB of that layer's objects (the socket and its HTTP connection, the request's context with its map, the
 * emptied headers, the handshaker, promises), and each frame went through a frame object, a task and an inbound
 * queue of its own. Data frames are served on the connection's context, as Vert.x served them, so an exception in an
 * endpoint is reported as before; pings are answered, the close handshake is ended, the channel's end is reported.
 * Own event loop only.
 */
final class FrameHandler<C extends Connection> extends ChannelInboundHandlerAdapter implements Handler<WebSocketFrame> {

    /** The pipeline name of this handler. */
    static final String NAME = "hourglass-frames";

    private final WebSocketTransport transport;
    private final WebSocketTransport.Inbound<C> inbound;
    private final C connection;
    private final String address;

    FrameHandler(WebSocketTransport transport, WebSocketTransport.Inbound<C> inbound, C connection, String address) {
        this.transport = transport;
        this.inbound = inbound;
        this.connection = connection;
        this.address = address;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(message);
            return;
        }
        connection.lastHeardNanos = System.nanoTime();
        if (frame instanceof PingWebSocketFrame) {
            // RFC 6455 5.5.3: the pong carries the ping's payload; the frame's reference goes with it.
            connection.pong(frame.content());
            return;
        }
        if (frame instanceof PongWebSocketFrame) {
            frame.release();
            return;
        }
        if (frame instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            frame.release();
            connection.closeReceived(code);
            return;
        }
        // Text, binary or continuation: served on the connection's context (see handle).
        connection.context().dispatch(frame, this);
    }

    /**
     * A data frame, on the connection's context. Its payload is the decoder's pooled buffer, served where it lies and
     * released once served: what keeps the bytes longer copies them (a held message, the fragments of one, a relayed
     * message's frame) or writes them (each write holds a reference of its own). Vert.x copied every frame to the heap
     * first, half of what a relayed message allocated.
     */
    @Override
    public void handle(WebSocketFrame frame) {
        try {
            inbound.onData(connection, frame, Buffer.buffer(frame.content()));
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.context().dispatch(null, ignored -> transport.closed(inbound, connection, address));
    }

    /**
     * Failures end the connection; their messages are never logged (they could quote client data). A frame the decoder
     * refused is answered with its close code; an I/O error means the client or the network broke the connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
        connection.failed(failure);
    }
}

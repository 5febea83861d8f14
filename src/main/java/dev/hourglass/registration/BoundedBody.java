package dev.hourglass.registration;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body up to a cap and hands it over in one piece, for a route that takes small JSON bodies.
 * <p>
 * Vert.x Web's BodyHandler does the same and more: it prepares for form uploads, copies every chunk into a buffer of
 * its own and sets the result on the routing context. None of that is needed here, and on /register it cost more
 * than the parsing: a body that arrives in one chunk, as a small body nearly always does, is used as it came (Vert.x
 * hands each chunk over as a heap copy of its own, so keeping it is safe). A declared length over the cap is refused
 * before anything is read; a chunked body is refused as soon as it passes the cap, and the rest of it is ignored.
 */
final class BoundedBody implements Handler<Buffer> {

    /** What becomes of the body. Exactly one of the four is called, once, on the request's event loop. */
    interface Receiver {

        /** The whole body; null when the request declared none (no Content-Length, not chunked). */
        void body(RoutingContext context, Buffer body);

        void tooLarge(RoutingContext context);

        /** The request carries an Expect header other than 100-continue, the only one the server meets. */
        void unmetExpectation(RoutingContext context);

        /** The body could not be read: its chunked encoding broke off. */
        void unreadable(RoutingContext context);
    }

    private final RoutingContext context;
    private final int maxBytes;
    private final Receiver receiver;
    private Buffer body;
    private boolean ownBuffer;
    private boolean done;

    private BoundedBody(RoutingContext context, int maxBytes, Receiver receiver) {
        this.context = context;
        this.maxBytes = maxBytes;
        this.receiver = receiver;
    }

    static void read(RoutingContext context, int maxBytes, Receiver receiver) {
        HttpServerRequest request = context.request();
        long declared = contentLength(request);
        boolean framed = request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if ((declared == -1 && !framed) || request.isEnded()) {
            receiver.body(context, null);
            return;
        }
        if (declared > maxBytes) {
            receiver.tooLarge(context);
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                receiver.unmetExpectation(context);
                return;
            }
            if (request.version() != HttpVersion.HTTP_1_0) {
                context.response().writeContinue();
            }
        }
        BoundedBody reader = new BoundedBody(context, maxBytes, receiver);
        request.handler(reader)
                .endHandler(ignored -> reader.end())
                .exceptionHandler(ignored -> reader.fail())
                .resume();
    }

    @Override
    public void handle(Buffer chunk) {
        if (done) {
            return;
        }
        int size = (body == null ? 0 : body.length()) + chunk.length();
        if (size > maxBytes) {
            done = true;
            body = null;
            receiver.tooLarge(context);
        } else if (body == null) {
            body = chunk;
        } else {
            if (!ownBuffer) {
                body = Buffer.buffer(Math.min(maxBytes, 2 * size)).appendBuffer(body);
                ownBuffer = true;
            }
            body.appendBuffer(chunk);
        }
    }

    private void end() {
        if (!done) {
            done = true;
            receiver.body(context, body == null ? Buffer.buffer() : body);
        }
    }

    private void fail() {
        if (!done) {
            done = true;
            body = null;
            receiver.unreadable(context);
        }
    }

    /** The declared length, or -1 when there is none or it is not a number (the HTTP decoder has refused those already). */
    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            long length = Long.parseLong(value);
            return length < 0 ? -1 : length;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

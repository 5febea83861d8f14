package dev.hourglass.transport;

import io.vertx.core.buffer.Buffer;

/** One whole WebSocket message, assembled from its frames. */
record Message(Buffer bytes, boolean binary) {
}

package dev.hourglass.net;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client address that per-address limits count: the forwarded one when a trusted proxy sent the request
 * (quarkus.http.proxy.*), the peer's otherwise. Client data: it keys limits and is never logged.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}

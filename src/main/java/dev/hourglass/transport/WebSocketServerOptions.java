package dev.hourglass.transport;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/** WebSocket settings of the HTTP server the WebSocket endpoints share with the rest of the app. */
@Singleton
class WebSocketServerOptions implements HttpServerOptionsCustomizer {

    private final TransportConfig config;

    WebSocketServerOptions(TransportConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        // A single frame over the cap is refused by the frame decoder itself, with 1009, before it is buffered.
        options.setMaxWebSocketFrameSize(config.maxMessageBytes());
        options.setMaxWebSocketMessageSize(config.maxMessageBytes());
        // permessage-deflate costs a zlib context per connection and CPU per message; signaling payloads are small.
        options.setPerMessageWebSocketCompressionSupported(false);
        options.setPerFrameWebSocketCompressionSupported(false);
    }
}

package dev.hourglass.transport;

import io.netty.channel.Channel;
import io.vertx.core.impl.ContextInternal;

/**
 * What the transport hands an endpoint to make its {@link Connection} from, once the upgrade has succeeded; {@code path}
 * is the request's path as it came (not decoded), without the query.
 */
public record Upgraded(String id, String path, Channel channel, ContextInternal context, TokenBucket bucket, long nowNanos,
        WebSocketTransport.Inbound<?> inbound) {
}

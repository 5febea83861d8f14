package dev.hourglass.cluster;

import dev.hourglass.transport.Connection;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.util.function.IntFunction;

/** Makes each protocol's {@link Hub} on this instance's engine. */
@Singleton
public class Hubs {

    private final Broker broker;
    private final Presence presence;
    private final ClusterNode node;
    private final Vertx vertx;

    Hubs(Broker broker, Presence presence, ClusterNode node, Vertx vertx) {
        this.broker = broker;
        this.presence = presence;
        this.node = node;
        this.vertx = vertx;
    }

    /**
     * The hub of one kind of channel, which receives that kind's engine events from now on.
     *
     * @param maxGroups  groups with a member or joiner on this instance
     * @param maxMembers members of one group, counted over every instance
     * @param arrays     makes member arrays of the connections' own type
     */
    public <C extends Connection> Hub<C> create(ChannelId.Kind kind, int maxGroups, int maxMembers, IntFunction<C[]> arrays,
            Hub.Protocol<C> protocol) {
        return new Hub<>(kind, broker, presence, node, vertx, maxGroups, maxMembers, arrays, protocol);
    }
}

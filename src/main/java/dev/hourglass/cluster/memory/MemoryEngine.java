package dev.hourglass.cluster.memory;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Engine;
import dev.hourglass.cluster.EngineStats;
import dev.hourglass.cluster.Member;
import dev.hourglass.cluster.Publication;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The embedded engine, the default: a loopback that calls the node's handlers directly, so the node runs the same
 * code in both modes. Alone on its hub (a single instance) it has no other node to publish to, and a publication
 * costs nothing.
 */
public final class MemoryEngine implements Engine {

    private final EngineStats stats = new EngineStats();

    private final MemoryHub hub;
    private final ClusterNode node;

    public MemoryEngine(MemoryHub hub, ClusterNode node) {
        this.hub = hub;
        this.node = node;
        hub.attach(node);
    }

    @Override
    public Future<Void> subscribe(ChannelId channel) {
        hub.subscribe(channel, node.id());
        return Future.succeededFuture();
    }

    @Override
    public void unsubscribe(ChannelId channel) {
        hub.unsubscribe(channel, node.id());
    }

    @Override
    public void publish(ChannelId channel, List<String> targets, Buffer payload) {
        if (hub.shared()) {
            Publication publication = new Publication(node.id(), targets, payload);
            hub.publish(channel, node.id(), other -> other.publication(channel, publication));
        }
    }

    @Override
    public Future<Admission> join(List<ChannelId> channels, String member, int max) {
        int full = hub.join(channels, new Member(member, node.id()), max);
        return Future.succeededFuture(full < 0 ? new Admitted() : new Full(full));
    }

    @Override
    public void leave(List<ChannelId> channels, String member) {
        hub.leave(channels, new Member(member, node.id()));
    }

    @Override
    public void restore(ChannelId channel, List<String> members) {
        hub.restore(channel, node.id(), members);
    }

    @Override
    public void settle(ChannelId channel) {
        hub.settle(channel);
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public EngineStats stats() {
        return stats;
    }
}

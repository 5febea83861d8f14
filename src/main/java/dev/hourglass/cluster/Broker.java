package dev.hourglass.cluster;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Publish/subscribe between the nodes of a cluster. A node subscribes to the channels its own connections need and
 * receives their publications and presence events through its {@link ClusterNode}. Never blocks.
 */
public interface Broker {

    /**
     * Starts the channel's events to this node. Counted: each local member holds one subscription, and the channel
     * stays subscribed until every one of them is given back, whatever threads subscribe and unsubscribe at once.
     * The future completes once the channel's events reach this node (a presence change made after that is seen);
     * it fails while the engine is down, and the subscription must still be given back.
     */
    Future<Void> subscribe(ChannelId channel);

    /** Gives back one {@link #subscribe}; the last one stops the channel's events to this node. */
    void unsubscribe(ChannelId channel);

    /**
     * To every other node subscribed to the channel, never back to this one, in the order of calls from one thread.
     * Fire and forget: while the engine is down the publication is dropped (counted), not buffered.
     *
     * @param targets the member ids it is for; empty for every member
     */
    void publish(ChannelId channel, List<String> targets, Buffer payload);
}

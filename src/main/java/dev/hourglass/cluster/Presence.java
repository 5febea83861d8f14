package dev.hourglass.cluster;

import io.vertx.core.Future;

import java.util.List;

/**
 * Who is in each channel, over every node. Changes are atomic with the events they publish, so that every node sees
 * joins, leaves and publications of a channel in one order. Entries of a node that stops refreshing its heartbeat
 * are removed by the others, with a leave event each: that is how a dead node's members disappear.
 */
public interface Presence {

    sealed interface Admission permits Admitted, Full, Unavailable {
    }

    /** The member is in every channel asked for; each got a join event. */
    record Admitted() implements Admission {
    }

    /** The channel at this index of the request already has as many members as allowed: nothing changed. */
    record Full(int channel) implements Admission {
    }

    /** The engine cannot be reached: nothing changed, try later. */
    record Unavailable() implements Admission {
    }

    /**
     * Adds the member to every channel, or to none if one of them already has {@code max} members. On success a join
     * event, carrying every member of the channel, goes to every node subscribed to it, this node included, before any
     * later event of that channel. The future may complete on any thread: callers go back to their own.
     */
    Future<Admission> join(List<ChannelId> channels, String member, int max);

    /** Removes the member from the channels; the other nodes get a leave event for each. Fire and forget. */
    void leave(List<ChannelId> channels, String member);

    /**
     * After the engine was lost and is back: makes this node's members of the channel exactly these (adding the
     * missing, removing the stale with a leave event each), then sends every subscribed node, this one included, a
     * sync event with all the channel's members.
     */
    void restore(ChannelId channel, List<String> members);

    /**
     * Sends every node subscribed to the channel, this one included, all its members, in the channel's order of
     * events: each node's view becomes that snapshot.
     */
    void settle(ChannelId channel);
}

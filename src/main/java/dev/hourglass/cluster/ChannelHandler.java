package dev.hourglass.cluster;

import java.util.List;

/**
 * What a protocol (rooms, contact keys) does with the events of its channels. Calls for one channel come in the
 * channel's order, from one thread at a time; they must not block.
 */
public interface ChannelHandler {

    /** A publication from another node. */
    void onPublication(ChannelId channel, Publication publication);

    /**
     * A member joined, on any node (this one included); {@code members} are all the channel's members after it, as
     * the engine has them. Right after the engine came back, that may still lack members of nodes that have not
     * restored theirs yet: a join tells who is there, never who is gone.
     */
    void onJoin(ChannelId channel, Member joined, List<Member> members);

    /** A member of another node left (or its node died). */
    void onLeave(ChannelId channel, Member left);

    /**
     * All the channel's members: after {@code node} restored its presence, authoritative for that node's members; or,
     * with {@code node} null, a snapshot asked for by {@link Presence#settle}, authoritative for every member.
     */
    void onSync(ChannelId channel, String node, List<Member> members);

    /** The engine is back after it was lost: the protocol restores its local members' presence. */
    void onRestored();

    /**
     * Some time after the engine came back, once every live node has had the time to restore: the protocol asks for a
     * snapshot of each of its channels ({@link Presence#settle}), which corrects what events could not (those published
     * before this node subscribed again, members of nodes that died meanwhile).
     */
    void onSettle();
}

package dev.hourglass.cluster;

import java.util.List;

/**
 * What a protocol (rooms, contact keys) does with the events of its channels. Calls for one channel come in the
 * channel's order, from one thread at a time; they must not block.
 */
public interface ChannelHandler {

    /** A publication from another node. */
    void onPublication(ChannelId channel, Publication publication);

    /** A member joined, on any node (this one included); {@code members} are all the channel's members after it. */
    void onJoin(ChannelId channel, Member joined, List<Member> members);

    /** A member of another node left (or its node died). */
    void onLeave(ChannelId channel, Member left);

    /** After a restore: all the channel's members. */
    void onSync(ChannelId channel, List<Member> members);

    /** The engine is back after it was lost: the protocol restores its local members' presence. */
    void onRestored();
}

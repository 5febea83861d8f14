package dev.hourglass.cluster.redis;

import dev.hourglass.cluster.ChannelId;

/**
 * The one place Redis key and channel names are made. Every name is the prefix, a kind, and either a blinded id or a
 * node id (random): nothing a client sent appears in one.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** Pub/sub channel of a cluster channel (the scripts build it the same way: prefix, "c:", name). */
    String channel(ChannelId channel) {
        return prefix + "c:" + channel.name();
    }

    /** The channel a pub/sub channel name stands for, or null when it is not one of ours. */
    ChannelId channelOf(String pubsubChannel) {
        int start = prefix.length() + 2;
        if (!pubsubChannel.startsWith(prefix + "c:")) {
            return null;
        }
        return ChannelId.parse(pubsubChannel.substring(start));
    }

    /** Hash of a channel's members: member id → node id. */
    String presence(ChannelId channel) {
        return prefix + "p:" + channel.name();
    }

    /** Set of the channels in which a node has members: what the others clean up when it dies. */
    String nodeIndex(String node) {
        return prefix + "n:" + node;
    }

    /** Sorted set of nodes by the deadline of their heartbeat. */
    String nodes() {
        return prefix + "nodes";
    }

    String registration(long unit, String user) {
        return prefix + "u:" + unit + ":" + user;
    }

    String holders(long unit, String contactKey) {
        return prefix + "h:" + unit + ":" + contactKey;
    }

    /** Hash of a realm's known identities: blinded identity id → sealed public key. */
    String realmIdentities(String realm) {
        return prefix + "m:" + realm + ":i";
    }

    /** Hash of a realm's outstanding invitations: blinded invitation → expiry, blinded inviter and invitee, sealed rest. */
    String realmInvitations(String realm) {
        return prefix + "m:" + realm + ":v";
    }

    String count(long unit) {
        return prefix + "count:" + unit;
    }
}

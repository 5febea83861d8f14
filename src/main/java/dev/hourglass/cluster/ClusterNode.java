package dev.hourglass.cluster;

import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * This instance as the engines know it: a random id, made at start (a restarted instance is a new node), and the
 * protocols' handlers, to which the engine delivers each channel's events by the channel's kind.
 */
@Singleton
public class ClusterNode {

    private final String id;
    private final AtomicReferenceArray<ChannelHandler> handlers = new AtomicReferenceArray<>(ChannelId.Kind.values().length);

    ClusterNode() {
        this(randomId());
    }

    /** A node with a chosen id (22 base64url characters, as engines' messages need): tests run several in one process. */
    public ClusterNode(String id) {
        if (!id.matches("[A-Za-z0-9_-]{22}")) {
            throw new IllegalArgumentException("a node id is 22 base64url characters");
        }
        this.id = id;
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** 22 base64url characters. */
    public String id() {
        return id;
    }

    /** Called by each protocol as its bean starts, before it creates any channel. */
    public void handle(ChannelId.Kind kind, ChannelHandler handler) {
        handlers.set(kind.ordinal(), handler);
    }

    private ChannelHandler handler(ChannelId.Kind kind) {
        return handlers.get(kind.ordinal());
    }

    // What the engines deliver: each goes to the handler of the channel's kind.

    public void publication(ChannelId channel, Publication publication) {
        ChannelHandler handler = handler(channel.kind());
        if (handler != null) {
            handler.onPublication(channel, publication);
        }
    }

    public void joined(ChannelId channel, Member member, List<Member> members) {
        ChannelHandler handler = handler(channel.kind());
        if (handler != null) {
            handler.onJoin(channel, member, members);
        }
    }

    public void left(ChannelId channel, Member member) {
        ChannelHandler handler = handler(channel.kind());
        if (handler != null) {
            handler.onLeave(channel, member);
        }
    }

    public void synced(ChannelId channel, String node, List<Member> members) {
        ChannelHandler handler = handler(channel.kind());
        if (handler != null) {
            handler.onSync(channel, node, members);
        }
    }

    public void settle() {
        for (int i = 0; i < handlers.length(); i++) {
            ChannelHandler handler = handlers.get(i);
            if (handler != null) {
                handler.onSettle();
            }
        }
    }

    public void restored() {
        for (int i = 0; i < handlers.length(); i++) {
            ChannelHandler handler = handlers.get(i);
            if (handler != null) {
                handler.onRestored();
            }
        }
    }
}

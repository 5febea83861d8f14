package dev.hourglass.cluster;

import dev.hourglass.crypto.BlindedId;

/**
 * Where one room's, contact key's, relay room's, y-webrtc topic's or realm's traffic and presence meet in the cluster. Made only by {@link Channels}: from
 * a blinded identifier wherever the name leaves the process, so that nothing derived from it reveals the room or key.
 */
public final class ChannelId {

    public enum Kind {
        ROOM('r'), CONTACT_KEY('k'), RELAY_ROOM('y'), YJS_TOPIC('t'), REALM('m');

        final char tag;

        Kind(char tag) {
            this.tag = tag;
        }

        static Kind of(char tag) {
            for (Kind kind : values()) {
                if (kind.tag == tag) {
                    return kind;
                }
            }
            return null;
        }
    }

    private final Kind kind;
    /** A blinded id in base64url, or, for an engine that keeps it in the process, the name the client sent. */
    private final String id;
    /** The engine-level name, made when an engine first asks for it (never, in the memory mode). */
    private String name;

    private ChannelId(Kind kind, String id) {
        this.kind = kind;
        this.id = id;
    }

    static ChannelId of(Kind kind, BlindedId blinded) {
        return new ChannelId(kind, blinded.encoded());
    }

    /** A channel named by what the client sent (kept, not copied); for an engine that never lets it out of the process. */
    static ChannelId local(Kind kind, String name) {
        return new ChannelId(kind, name);
    }

    /** The channel a name read back from an engine stands for, or null when it is not one of ours. */
    public static ChannelId parse(String name) {
        if (name.length() < 3 || name.charAt(1) != ':') {
            return null;
        }
        Kind kind = Kind.of(name.charAt(0));
        return kind == null ? null : new ChannelId(kind, name.substring(2));
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The engine-level name: the kind's tag, a colon and the id, the same in every engine and on every node; blinded,
     * but still not for logs. A benign race: two threads may each make it, and both make the same string.
     */
    public String name() {
        String made = name;
        if (made == null) {
            made = kind.tag + ":" + id;
            name = made;
        }
        return made;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelId other && kind == other.kind && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + kind.ordinal();
    }

    @Override
    public String toString() {
        return "ChannelId[" + kind + "]";
    }
}

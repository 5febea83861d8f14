package dev.hourglass.cluster;

import dev.hourglass.crypto.BlindedId;

/**
 * Where one room's or one contact key's traffic and presence meet in the cluster. Made only by {@link Channels}: from
 * a blinded identifier wherever the name leaves the process, so that nothing derived from it reveals the room or key.
 */
public final class ChannelId {

    public enum Kind {
        ROOM('r'), CONTACT_KEY('k');

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
    /** The kind's tag, a colon and the blinded id in base64url: the same in every engine and on every node. */
    private final String name;

    private ChannelId(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    static ChannelId of(Kind kind, BlindedId blinded) {
        return new ChannelId(kind, kind.tag + ":" + blinded.encoded());
    }

    /** A channel named by what the client sent; for an engine that never lets the name out of the process. */
    static ChannelId local(Kind kind, String name) {
        return new ChannelId(kind, kind.tag + ":" + name);
    }

    /** The channel a name read back from an engine stands for, or null when it is not one of ours. */
    public static ChannelId parse(String name) {
        if (name.length() < 3 || name.charAt(1) != ':') {
            return null;
        }
        Kind kind = Kind.of(name.charAt(0));
        return kind == null ? null : new ChannelId(kind, name);
    }

    public Kind kind() {
        return kind;
    }

    /** The engine-level name; blinded, but still not for logs. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelId other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "ChannelId[" + kind + "]";
    }
}

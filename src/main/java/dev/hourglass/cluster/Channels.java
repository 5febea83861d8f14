package dev.hourglass.cluster;

import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Blinder;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/**
 * The one naming function for cluster channels. In the Redis mode a room or topic name is blinded with the server's key
 * (every instance of a cluster shares it), so Redis never holds it; in the memory mode nothing leaves the process and
 * the name is used as it is, which spares an HMAC per join. A contact key arrives already blinded with its unit.
 */
@Singleton
public class Channels {

    /** Rooms and topics have no time unit: the same name meets in the same channel for as long as it is used. */
    private static final long NO_UNIT = 0;

    private final Blinder blinder;
    private final boolean shared;

    Channels(Blinder blinder, ClusterMode mode) {
        this.blinder = blinder;
        this.shared = mode.cluster() != ClusterMode.Mode.MEMORY;
    }

    /** A room of /ws. */
    public ChannelId room(String name) {
        return named(ChannelId.Kind.ROOM, Blinder.Kind.ROOM, name);
    }

    /** A room of the y-websocket relay: a namespace of its own, so that Redis cannot link it to a /ws room of that name. */
    public ChannelId relayRoom(String name) {
        return named(ChannelId.Kind.RELAY_ROOM, Blinder.Kind.RELAY_ROOM, name);
    }

    /** A topic of the y-webrtc signaling. */
    public ChannelId yjsTopic(String name) {
        return named(ChannelId.Kind.YJS_TOPIC, Blinder.Kind.YJS_TOPIC, name);
    }

    /** A realm: its id (43 base64url characters) is already a hash, but a stable one, so it is blinded all the same. */
    public ChannelId realm(String id) {
        return named(ChannelId.Kind.REALM, Blinder.Kind.REALM, id);
    }

    private ChannelId named(ChannelId.Kind kind, Blinder.Kind blinding, String name) {
        if (!shared) {
            return ChannelId.local(kind, name);
        }
        return ChannelId.of(kind, blinder.blind(blinding, NO_UNIT, name.getBytes(StandardCharsets.UTF_8)));
    }

    public ChannelId contactKey(BlindedId key) {
        return ChannelId.of(ChannelId.Kind.CONTACT_KEY, key);
    }
}

package dev.hourglass.cluster;

import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Blinder;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/**
 * The one naming function for cluster channels. In the Redis mode a room name is blinded with the server's key
 * (every instance of a cluster shares it), so Redis never holds it; in the memory mode nothing leaves the process and
 * the name is used as it is, which spares an HMAC per join. A contact key arrives already blinded with its unit.
 */
@Singleton
public class Channels {

    /** Rooms have no time unit: the same name meets in the same channel for as long as it is used. */
    private static final long NO_UNIT = 0;

    private final Blinder blinder;
    private final boolean shared;

    Channels(Blinder blinder, ClusterMode mode) {
        this.blinder = blinder;
        this.shared = mode.cluster() != ClusterMode.Mode.MEMORY;
    }

    public ChannelId room(String name) {
        if (!shared) {
            return ChannelId.local(ChannelId.Kind.ROOM, name);
        }
        return ChannelId.of(ChannelId.Kind.ROOM, blinder.blind(Blinder.Kind.ROOM, NO_UNIT, name.getBytes(StandardCharsets.UTF_8)));
    }

    public ChannelId contactKey(BlindedId key) {
        return ChannelId.of(ChannelId.Kind.CONTACT_KEY, key);
    }
}

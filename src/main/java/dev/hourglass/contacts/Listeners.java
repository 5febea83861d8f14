package dev.hourglass.contacts;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.RemoteView;
import dev.hourglass.signaling.Peer;

import java.util.HashMap;
import java.util.Map;

/**
 * One contact key as this instance sees it: the bound connections here listening on it, those whose binding is under
 * way, and the ids of its listeners on other instances. The clear key lives here, in memory only, because presence
 * messages must name it to the clients, who know it; the cluster only ever sees the blinded channel. Changes happen
 * under the object's monitor; the arrays are replaced, never mutated.
 */
final class Listeners {

    static final Peer[] NO_PEERS = new Peer[0];

    final String clearKey;
    final ChannelId channel;
    volatile Peer[] local = NO_PEERS;
    /** The listeners on other instances. */
    final RemoteView remote = new RemoteView();
    /** Bindings under way here that ask for this key, by connection id. */
    final Map<String, PendingBinding> binding = new HashMap<>(2);
    /** Bindings holding this object in the directory; guarded by the directory's lock for the channel. */
    int users;

    Listeners(String clearKey, ChannelId channel) {
        this.clearKey = clearKey;
        this.channel = channel;
    }
}

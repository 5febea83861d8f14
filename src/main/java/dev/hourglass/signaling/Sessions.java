package dev.hourglass.signaling;

import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket connections of this instance, by peer id. */
@Singleton
public class Sessions {

    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();

    void add(Peer peer) {
        peers.put(peer.id(), peer);
    }

    void remove(Peer peer) {
        peers.remove(peer.id(), peer);
    }

    public int count() {
        return peers.size();
    }

    Collection<Peer> all() {
        return peers.values();
    }
}

package dev.hourglass.signaling;

import dev.hourglass.crypto.BlindedId;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Which bound connections listen on each (blinded) contact key, on this instance. */
@Singleton
class ContactDirectory {

    private final ConcurrentHashMap<BlindedId, Peer[]> listeners = new ConcurrentHashMap<>();
    private final int maxPeersPerKey;

    ContactDirectory(SignalingConfig config) {
        this.maxPeersPerKey = config.maxPeersPerContactKey();
    }

    /** Adds the peer unless the key already has as many listeners as allowed; false then. */
    boolean add(BlindedId key, Peer peer) {
        boolean[] added = {false};
        listeners.compute(key, (k, current) -> {
            if (current == null) {
                added[0] = true;
                return new Peer[] {peer};
            }
            if (current.length >= maxPeersPerKey) {
                return current;
            }
            Peer[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = peer;
            added[0] = true;
            return next;
        });
        return added[0];
    }

    void remove(BlindedId key, Peer peer) {
        listeners.computeIfPresent(key, (k, current) -> {
            Peer[] rest = Arrays.stream(current).filter(p -> p != peer).toArray(Peer[]::new);
            return rest.length == 0 ? null : rest;
        });
    }

    /** The other connections listening on the key. */
    List<Peer> others(BlindedId key, Peer self) {
        Peer[] current = listeners.get(key);
        if (current == null) {
            return List.of();
        }
        List<Peer> others = new ArrayList<>(current.length);
        for (Peer peer : current) {
            if (peer != self) {
                others.add(peer);
            }
        }
        return others;
    }
}

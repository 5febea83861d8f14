package dev.hourglass.rooms;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.RemoteView;
import dev.hourglass.signaling.Peer;

import java.util.HashMap;
import java.util.Map;

/**
 * A room as this instance sees it: its members here, the connections joining it here, and the ids of its members on
 * other instances. Changes happen under the room's monitor; the two arrays are replaced, never mutated, so that the
 * relay reads them without a lock.
 */
public final class Room {

    static final Peer[] NO_PEERS = new Peer[0];

    private final String name;
    final ChannelId channel;
    /** Members on this instance, in join order. */
    volatile Peer[] members = NO_PEERS;
    /** The members on other instances. */
    final RemoteView remote = new RemoteView();
    /**
     * Connections of this instance whose join is admitted or asked for but whose join event has not come yet; null
     * while there is none, which is nearly always. Under the room's monitor.
     */
    private Map<String, Peer> joining;
    /** Members and joiners holding this object in the index; guarded by the index's lock for the channel. */
    int users;

    Room(String name, ChannelId channel) {
        this.name = name;
        this.channel = channel;
    }

    public String name() {
        return name;
    }

    void addJoiner(Peer peer) {
        if (joining == null) {
            joining = new HashMap<>(2);
        }
        joining.put(peer.id(), peer);
    }

    /** The joiner with this id, no longer joining; null if there was none. */
    Peer removeJoiner(String peerId) {
        if (joining == null) {
            return null;
        }
        Peer joiner = joining.remove(peerId);
        if (joining.isEmpty()) {
            joining = null;
        }
        return joiner;
    }

    Peer member(String peerId) {
        for (Peer peer : members) {
            if (peer.id().equals(peerId)) {
                return peer;
            }
        }
        return null;
    }
}

package dev.hourglass.signaling;

/** A room and its members; the array is replaced, never mutated, under the registry's lock for this name. */
final class Room {

    private final String name;
    volatile Peer[] members = new Peer[0];

    Room(String name) {
        this.name = name;
    }

    String name() {
        return name;
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

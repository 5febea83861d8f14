package dev.hourglass.relay;

import dev.hourglass.cluster.Group;
import dev.hourglass.transport.Connection;
import dev.hourglass.transport.Upgraded;

/**
 * A connection to the relay: its room, fixed by its URL, and the awareness clients it owns (see
 * {@link AwarenessClients}, under whose calls, and the room's monitor, they change).
 */
final class RelayConnection extends Connection {

    final String roomName;
    /** Set on the connection's loop when its join starts; null once refused. */
    volatile Group<RelayConnection> room;
    /** Whether its join completed: from then on its messages are relayed. Own loop. */
    boolean member;
    private final long[] ownedClients = new long[AwarenessClients.MAX_PER_CONNECTION];
    private final long[] ownedClocks = new long[AwarenessClients.MAX_PER_CONNECTION];
    private int ownedCount;

    RelayConnection(Upgraded upgraded, String roomName) {
        super(upgraded);
        this.roomName = roomName;
    }

    /** Keeps the highest clock seen of a client it owns; false if it does not own it. */
    boolean updateOwned(long clientId, long clock) {
        for (int i = 0; i < ownedCount; i++) {
            if (ownedClients[i] == clientId) {
                ownedClocks[i] = Math.max(ownedClocks[i], clock);
                return true;
            }
        }
        return false;
    }

    void own(long clientId, long clock) {
        if (ownedCount < ownedClients.length) {
            ownedClients[ownedCount] = clientId;
            ownedClocks[ownedCount] = clock;
            ownedCount++;
        }
    }

    void disown(long clientId) {
        for (int i = 0; i < ownedCount; i++) {
            if (ownedClients[i] == clientId) {
                ownedCount--;
                ownedClients[i] = ownedClients[ownedCount];
                ownedClocks[i] = ownedClocks[ownedCount];
                return;
            }
        }
    }

    long[] ownedClients() {
        return ownedClients;
    }

    long[] ownedClocks() {
        return ownedClocks;
    }

    int ownedCount() {
        return ownedCount;
    }
}

package dev.hourglass.relay;

import dev.hourglass.cluster.Group;
import io.vertx.core.buffer.Buffer;

/**
 * Who announced which y-protocols awareness client, so that a closing connection's clients can be removed from its
 * peers' awareness (without it, peers keep ghost cursors until the clients' 30 s timeout).
 * <p>
 * A client belongs to the connection that announced it first in the room: y-websocket providers re-broadcast every
 * awareness change they receive, so the others' clients come back on each connection too, and only the first
 * announcement is the owner's. The room therefore remembers the clients it has heard of, from its connections here
 * and from the other instances, and each connection the clients it owns. Both are bounded; what does not fit is not
 * tracked (its state then times out on the peers, as without tracking). Every call under the room's monitor.
 */
final class AwarenessClients {

    /** Clients one room remembers: far above a room's peers, each announcing its own. */
    static final int MAX_PER_ROOM = 512;
    /** Clients one connection owns: its own, and a few more for tabs sharing a provider. */
    static final int MAX_PER_CONNECTION = 8;

    private final long[] known = new long[MAX_PER_ROOM];
    private int knownCount;

    /** The room's record, made on first use. Under the room's monitor. */
    static AwarenessClients of(Group<RelayConnection> room) {
        AwarenessClients clients = (AwarenessClients) room.attachment();
        if (clients == null) {
            clients = new AwarenessClients();
            room.attach(clients);
        }
        return clients;
    }

    /** A message a connection of this instance sent; whether it was a well-formed awareness message. */
    boolean sentBy(RelayConnection connection, Buffer frame) {
        return YProtocol.readAwareness(frame, (clientId, clock, removed) -> {
            if (removed) {
                forget(clientId);
                connection.disown(clientId);
            } else if (!connection.updateOwned(clientId, clock) && learn(clientId)) {
                connection.own(clientId, clock);
            }
        });
    }

    /** An awareness message relayed from another instance: its clients are known here, not owned by anyone here. */
    void relayed(Buffer frame) {
        YProtocol.readAwareness(frame, (clientId, clock, removed) -> {
            if (removed) {
                forget(clientId);
            } else {
                learn(clientId);
            }
        });
    }

    /** The connection is gone: the message that removes its clients, which the room forgets; null if it owned none. */
    Buffer closed(RelayConnection connection) {
        long[] owned = connection.ownedClients();
        for (int i = 0; i < connection.ownedCount(); i++) {
            forget(owned[i]);
        }
        return connection.ownedCount() == 0 ? null
                : YProtocol.awarenessRemoval(owned, connection.ownedClocks(), connection.ownedCount());
    }

    /** True if the client is new to the room (and now known); false if known already or no room is left. */
    private boolean learn(long clientId) {
        for (int i = 0; i < knownCount; i++) {
            if (known[i] == clientId) {
                return false;
            }
        }
        if (knownCount == known.length) {
            return false;
        }
        known[knownCount++] = clientId;
        return true;
    }

    private void forget(long clientId) {
        for (int i = 0; i < knownCount; i++) {
            if (known[i] == clientId) {
                known[i] = known[--knownCount];
                return;
            }
        }
    }
}

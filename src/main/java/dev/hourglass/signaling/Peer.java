package dev.hourglass.signaling;

import dev.hourglass.contacts.Challenge;
import dev.hourglass.contacts.ContactBinding;
import dev.hourglass.contacts.PendingBinding;
import dev.hourglass.cluster.Group;
import dev.hourglass.realms.RealmSession;
import dev.hourglass.transport.Connection;
import dev.hourglass.transport.Upgraded;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection to /ws and its protocol state: the rooms it is in or joining, its contact binding and a pending
 * challenge. Touched only on its own event loop, except {@link #binding}, which the cluster's thread sets when a
 * binding completes (volatile).
 */
public final class Peer extends Connection {

    private final List<Group<Peer>> rooms = new ArrayList<>(2);
    /** Null while no join is under way, which is nearly always. */
    private List<Group<Peer>> joining;
    private volatile ContactBinding binding;
    private PendingBinding pendingBinding;
    private Challenge challenge;
    /** Null until the connection asks for a realm challenge, which most never do. */
    private RealmSession realms;
    /** What goes in front of every message this connection relays in a room; made at its first, kept after. */
    private byte[] fromHead;

    Peer(Upgraded upgraded) {
        super(upgraded);
    }

    public List<Group<Peer>> rooms() {
        return rooms;
    }

    /** {"from":"this connection's id", : the head of each message it relays (see {@link Messages#stamped}). */
    public byte[] fromHead() {
        if (fromHead == null) {
            fromHead = Messages.head(id(), "");
        }
        return fromHead;
    }

    /** Rooms whose join is under way: counted against the cap, and a second join of the same name is refused. */
    public List<Group<Peer>> joining() {
        return joining == null ? List.of() : joining;
    }

    public void startJoining(Group<Peer> room) {
        if (joining == null) {
            joining = new ArrayList<>(1);
        }
        joining.add(room);
    }

    /** True if the join was under way; it is not any more. */
    public boolean stopJoining(Group<Peer> room) {
        if (joining == null || !joining.remove(room)) {
            return false;
        }
        if (joining.isEmpty()) {
            joining = null;
        }
        return true;
    }

    /** The room of this name the connection is in, or null. */
    public Group<Peer> room(String name) {
        return find(rooms, name);
    }

    public Group<Peer> joiningRoom(String name) {
        return find(joining(), name);
    }

    private static Group<Peer> find(List<Group<Peer>> list, String name) {
        for (Group<Peer> room : list) {
            if (room.name().equals(name)) {
                return room;
            }
        }
        return null;
    }

    public ContactBinding binding() {
        return binding;
    }

    public void binding(ContactBinding binding) {
        this.binding = binding;
    }

    public PendingBinding pendingBinding() {
        return pendingBinding;
    }

    public void pendingBinding(PendingBinding pending) {
        this.pendingBinding = pending;
    }

    public Challenge challenge() {
        return challenge;
    }

    public void challenge(Challenge challenge) {
        this.challenge = challenge;
    }

    public RealmSession realms() {
        return realms;
    }

    public void realms(RealmSession session) {
        this.realms = session;
    }

    /** The idle clock runs while the connection is in no room, joining none, unbound and in no realm. */
    public void updateIdle(long nowNanos) {
        setIdle(rooms.isEmpty() && joining == null && binding == null && pendingBinding == null
                && (realms == null || realms.isEmpty()), nowNanos);
    }
}

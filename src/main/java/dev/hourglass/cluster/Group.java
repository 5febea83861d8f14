package dev.hourglass.cluster;

import dev.hourglass.transport.Connection;

import java.util.HashMap;
import java.util.Map;

/**
 * A group of connections on one cluster channel (a room, a relay room, a y-webrtc topic) as this instance sees it:
 * its members here, the connections joining it here, and the members on other instances. Changes happen under the
 * group's monitor; the member array is replaced, never mutated, so that relays read it without a lock.
 */
public final class Group<C extends Connection> {

    private final String name;
    final ChannelId channel;
    /** Members on this instance, in join order. */
    volatile C[] members;
    /** The members on other instances. */
    final RemoteView remote = new RemoteView();
    /**
     * Connections of this instance whose join is admitted or asked for but whose join event has not come yet; null
     * while there is none, which is nearly always. Under the group's monitor.
     */
    private Map<String, C> joining;
    /** Members and joiners holding this object in the index; guarded by the index's lock for the channel. */
    int users;
    /** What the protocol keeps of the group itself (nothing for most); under the group's monitor. */
    private Object attachment;

    Group(String name, ChannelId channel, C[] none) {
        this.name = name;
        this.channel = channel;
        this.members = none;
    }

    /** The name the clients gave it; never for logs. */
    public String name() {
        return name;
    }

    /** The members on this instance: a snapshot, not to be changed. */
    public C[] members() {
        return members;
    }

    /** Whether some member is on another instance. */
    public boolean hasRemoteMembers() {
        return !remote.isEmpty();
    }

    public boolean isRemoteMember(String id) {
        return remote.contains(id);
    }

    /** Members here and on the other instances. */
    public int size() {
        return members.length + remote.size();
    }

    /** The member of this instance with this id, or null. */
    public C member(String id) {
        for (C member : members) {
            if (member.id().equals(id)) {
                return member;
            }
        }
        return null;
    }

    /** The protocol's state of this group, or null; call under the group's monitor. */
    public Object attachment() {
        return attachment;
    }

    /** Sets the protocol's state of this group; call under the group's monitor. */
    public void attach(Object state) {
        this.attachment = state;
    }

    void addJoiner(C connection) {
        if (joining == null) {
            joining = new HashMap<>(2);
        }
        joining.put(connection.id(), connection);
    }

    boolean isJoining(C connection) {
        return joining != null && joining.get(connection.id()) == connection;
    }

    /** The joiner with this id, no longer joining; null if there was none. */
    C removeJoiner(String id) {
        if (joining == null) {
            return null;
        }
        C joiner = joining.remove(id);
        if (joining.isEmpty()) {
            joining = null;
        }
        return joiner;
    }
}

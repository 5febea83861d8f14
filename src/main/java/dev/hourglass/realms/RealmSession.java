package dev.hourglass.realms;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's realm state: its challenge nonce (one per connection: every proof names the realm it is for), its
 * authentication deadline, and the realms it is in, joining, or being checked for. Its own event loop only.
 */
public final class RealmSession {

    final byte[] nonce;
    long deadlineTimer = -1;
    final List<RealmMembership> memberships = new ArrayList<>(1);
    /** Realms whose proof or invitation is being checked with the store: counted against the cap, not yet members. */
    final List<String> checking = new ArrayList<>(1);
    /** The membership whose join is being started, for the hub's joining callback (which runs inside Hub.join). */
    RealmMembership starting;

    RealmSession(byte[] nonce) {
        this.nonce = nonce;
    }

    /** In no realm and joining none. */
    public boolean isEmpty() {
        return memberships.isEmpty() && checking.isEmpty();
    }

    RealmMembership find(String realm) {
        for (RealmMembership membership : memberships) {
            if (membership.realm.equals(realm)) {
                return membership;
            }
        }
        return null;
    }

    boolean busyWith(String realm) {
        return find(realm) != null || checking.contains(realm);
    }

    int count() {
        return memberships.size() + checking.size();
    }
}

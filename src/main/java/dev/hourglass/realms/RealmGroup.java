package dev.hourglass.realms;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What this instance knows of a realm's online identities, kept on its group (under the group's monitor). The hub
 * counts connections; a realm tells identities, which may be online from several connections: {@code peer-joined}
 * goes out with an identity's first connection and {@code peer-left} with its last. Members on other instances are
 * known by connection id from the engine's events, and by identity once their instance introduces them.
 */
final class RealmGroup {

    /** Connection id → identity, for this instance's members and the introduced members of others. */
    final Map<String, Identity> identities = new HashMap<>();
    /** Identity id → its connections here and elsewhere: {all, local}. */
    final Map<String, int[]> online = new HashMap<>();
    /** The connections of {@link #identities} that are on this instance. */
    private final Set<String> local = new HashSet<>();
    /** Identity id → its tag in publications between instances ({@link RealmRouting}), made when first needed. */
    final Map<String, String> tags = new HashMap<>();
    /** Local connections whose join is under way: connection id → membership. */
    final Map<String, RealmMembership> joining = new HashMap<>(2);

    /** Counts the connection in; true when it is the identity's first. */
    boolean add(String connection, Identity identity, boolean local) {
        if (identities.putIfAbsent(connection, identity) != null) {
            return false;
        }
        int[] counts = online.computeIfAbsent(identity.id(), id -> new int[2]);
        counts[0]++;
        if (local) {
            counts[1]++;
            this.local.add(connection);
        }
        return counts[0] == 1;
    }

    /** Counts the connection out; its identity when that was its last connection, else null. */
    Identity remove(String connection) {
        Identity identity = identities.remove(connection);
        if (identity == null) {
            return null;
        }
        int[] counts = online.get(identity.id());
        counts[0]--;
        if (local.remove(connection)) {
            counts[1]--;
        }
        if (counts[0] == 0) {
            online.remove(identity.id());
            tags.remove(identity.id());
            return identity;
        }
        return null;
    }

    /** Connections of the identity, here and elsewhere (0 when offline). */
    int connections(String identity) {
        int[] counts = online.get(identity);
        return counts == null ? 0 : counts[0];
    }

    /** Whether some connection of the identity is on another instance. */
    boolean remote(String identity) {
        int[] counts = online.get(identity);
        return counts != null && counts[0] > counts[1];
    }
}

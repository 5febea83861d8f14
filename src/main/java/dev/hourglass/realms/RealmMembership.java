package dev.hourglass.realms;

import dev.hourglass.cluster.Group;
import dev.hourglass.signaling.Peer;

import java.util.List;

/**
 * A connection's place in one realm: the identity it proved, the chain it proved it with (which it may invite with),
 * and the group it is in or joining. Created when the proof verified; {@code entered} once {@code realm-joined} went out.
 */
final class RealmMembership {

    final String realm;
    final Identity identity;
    /** From the founder down to this identity's key; empty for the founder. */
    final List<Admission> chain;
    /** The realm's known identities at authentication, for realm-joined. */
    final List<Identity> known;
    /** Sent in realm-joined when the client did not have it: a bound invitation's chain, or the founder's empty one. */
    final boolean tellChain;
    Group<Peer> group;
    boolean entered;

    RealmMembership(String realm, Identity identity, List<Admission> chain, List<Identity> known, boolean tellChain) {
        this.realm = realm;
        this.identity = identity;
        this.chain = chain;
        this.known = known;
        this.tellChain = tellChain;
    }
}

package dev.hourglass.realms;

import dev.hourglass.crypto.BlindedId;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * What a realm keeps between its members' connections, none of which proves membership (the chains do): the
 * identities it has seen and the invitations outstanding. Both are lost on an idle expiry, a restart of the memory
 * mode or a Redis flush, and nothing breaks: members get back in with their chains and invite again. The memory store
 * answers at once; the Redis one is shared by a cluster's instances. Realms and invitations arrive blinded.
 */
public interface RealmStore {

    /** The identities known after remembering this one; {@code full} when it was new and the realm knows as many as allowed. */
    record Known(List<Identity> identities, boolean full) {
    }

    /** Adds the identity to the realm's known ones (if there is room) and restarts the realm's idle clock. */
    Future<Known> remember(BlindedId realm, Identity identity);

    /** Stores the invitation; false when its inviter has as many outstanding in the realm as allowed. */
    Future<Boolean> invite(BlindedId realm, BlindedId invitation, Invitation record);

    /**
     * Takes the invitation out if this identity may redeem it now, atomically: of two redeemers, one gets it. An
     * invitation bound to another key stays, so that a stranger cannot spend it.
     */
    Future<Optional<Invitation>> redeem(BlindedId realm, BlindedId invitation, String identity);
}

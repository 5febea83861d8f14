package dev.hourglass.signaling;

import dev.hourglass.crypto.BlindedId;

import java.time.Instant;
import java.util.Map;

/**
 * A connection bound to a registered user id. The contact keys in the clear live here, in the memory of the
 * open connection only, because presence events must name them to the client; the store has only blinded ones.
 *
 * @param contactKeys clear contact key → its blinded form in this unit
 */
record ContactBinding(BlindedId user, long unit, Instant expiresAt, Map<String, BlindedId> contactKeys, long expiryTimer) {
}

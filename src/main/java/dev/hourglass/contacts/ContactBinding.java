package dev.hourglass.contacts;

import dev.hourglass.crypto.BlindedId;

import java.time.Instant;
import java.util.Map;

/**
 * A connection bound to a registered user id, listening on some of its contact keys.
 *
 * @param keys clear contact key → where this instance keeps its listeners
 */
public record ContactBinding(BlindedId user, long unit, Instant expiresAt, Map<String, Listeners> keys, long expiryTimer) {
}

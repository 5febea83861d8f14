package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * One user's registration for one unit. Every identifier is blinded; the public key, if any, is public.
 *
 * @param publicKey 32-byte Ed25519 key its owner proves possession with, or null
 */
public record Registration(BlindedId user, long unit, Set<BlindedId> contactKeys, byte[] publicKey, Instant expiresAt) {

    public Registration {
        contactKeys = Set.copyOf(contactKeys);
        publicKey = publicKey == null ? null : publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    public boolean hasPublicKey() {
        return publicKey != null;
    }

    boolean samePublicKey(Registration other) {
        return Arrays.equals(publicKey, other.publicKey);
    }

    /** The same unit, contact keys and public key: what a repeated request would store again. */
    boolean sameContent(Registration other) {
        return unit == other.unit && contactKeys.equals(other.contactKeys) && samePublicKey(other);
    }

    @Override
    public String toString() {
        return "Registration[unit=" + unit + ", contactKeys=" + contactKeys.size() + "]";
    }
}

package dev.hourglass.signaling;

/** A nonce sent to a connection that must prove it owns the public key registered for a user id. */
record Challenge(String userId, long unit, byte[] nonce) {

    boolean isFor(String otherUserId, long otherUnit) {
        return userId.equals(otherUserId) && unit == otherUnit;
    }
}

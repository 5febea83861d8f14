package dev.hourglass.contacts;

/** A nonce sent to a connection that must prove it owns the public key registered for a user id. */
public record Challenge(String userId, long unit, byte[] nonce) {

    public boolean isFor(String otherUserId, long otherUnit) {
        return userId.equals(otherUserId) && unit == otherUnit;
    }
}

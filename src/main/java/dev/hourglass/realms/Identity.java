package dev.hourglass.realms;

/**
 * A device's Ed25519 identity as a realm knows it.
 *
 * @param id  derived from the key ({@link RealmProofs#identityId}): 22 base64url characters, never claimable by another key
 * @param key the public key, 32 bytes in base64url
 */
public record Identity(String id, String key) {

    public static Identity of(byte[] publicKey) {
        return new Identity(RealmProofs.identityId(publicKey), RealmProofs.encode(publicKey));
    }
}

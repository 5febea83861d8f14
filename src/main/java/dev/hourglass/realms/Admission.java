package dev.hourglass.realms;

/**
 * One link of a membership chain: a member's signature admitting {@code key} to the realm
 * ({@link RealmProofs#admissionMessage}). The first link is signed by the founder, each next one by the key the link
 * before it admitted.
 *
 * @param key       the admitted public key, base64url
 * @param signature the admitter's signature, base64url
 */
public record Admission(String key, String signature) {
}
